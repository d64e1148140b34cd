#pragma once

#include <string>
#include <string_view>

namespace authapi {

// Lower-case hex SHA-256 of the bytes: the reference's password format, and
// how session tokens are stored.
std::string sha256_hex(std::string_view bytes);

// True for text in sha256_hex's format: 64 lower-case hex digits.
bool is_sha256_hex(std::string_view text);

}  // namespace authapi
