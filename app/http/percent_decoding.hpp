#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace authapi {

// Decodes %XX escapes (either hex case). With plus_is_space, '+' becomes ' ' as in
// application/x-www-form-urlencoded; URL paths keep '+'. nullopt on a bad or truncated
// escape. The result is raw bytes: it may hold NUL or invalid UTF-8.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

}  // namespace authapi
