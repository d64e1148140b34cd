#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace authapi {

// Decodes %XX escapes (either hex case). With plus_is_space, '+' becomes ' ' as in
// application/x-www-form-urlencoded; URL paths keep '+'. A bad or truncated escape is kept
// as written, as Werkzeug does, so a sloppy client's "password=100%" still means "100%".
// The result is raw bytes: it may hold NUL or invalid UTF-8.
std::string percent_decode(std::string_view text, bool plus_is_space);

}  // namespace authapi
