#pragma once

namespace authapi {

// libsodium is ready for use once this has returned: the one sodium_init()
// call of the program, made on first use (thread-safe, idempotent). Throws
// std::runtime_error when libsodium cannot start.
void require_sodium();

}  // namespace authapi
