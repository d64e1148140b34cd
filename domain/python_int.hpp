#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace authapi {

// Parses like Python's int(text): surrounding whitespace, an optional sign,
// '_' between digits. nullopt for anything else, or out of int64 range.
std::optional<std::int64_t> parse_python_int(std::string_view text);

}  // namespace authapi
