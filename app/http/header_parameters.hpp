#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace authapi {

// The part of a Content-Type or Content-Disposition value before any ';', trimmed.
std::string_view header_main_value(std::string_view header_value) noexcept;

// The value of parameter `name` (matched ASCII case-insensitively, so "name" never matches
// "filename" or "name*") in `type; a=token; b="quoted \" string"`, unquoted. The first
// occurrence wins. nullopt when absent, when it has no '=', or when an unterminated quoted
// string comes before it (the rest of the header cannot be split reliably).
std::optional<std::string> find_header_parameter(std::string_view header_value,
                                                 std::string_view name);

}  // namespace authapi
