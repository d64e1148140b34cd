#pragma once

#include <string>
#include <string_view>

namespace authapi {

// Lower-case hex SHA-256 of the bytes: the reference's password format, and
// how session tokens are stored.
std::string sha256_hex(std::string_view bytes);

}  // namespace authapi
