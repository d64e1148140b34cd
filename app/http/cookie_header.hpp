#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace authapi {

// Value of the first cookie called `name` (exact, case-sensitive) in a raw Cookie header,
// following Werkzeug: pairs split on ';', name and value trimmed of spaces and tabs, spaces
// inside a value kept ("C is fun"), a double-quoted value unquoted ("\"", "\\" and "\ooo"
// octal escapes). A pair without '=' is skipped, so a malformed header only ever means
// "no such cookie". `name=` gives "" (present but empty).
std::optional<std::string> find_cookie(std::string_view cookie_header, std::string_view name);

}  // namespace authapi
