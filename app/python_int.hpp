#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace authapi {

// Parses like Python's int(text): surrounding whitespace, an optional sign,
// '_' between digits. nullopt for anything else, or out of int64 range.
std::optional<std::int64_t> parse_python_int(std::string_view text);

// The same parse, telling an integer too large for int64 (out_of_range,
// with its sign) from text that is no integer at all.
struct PythonInt {
    std::optional<std::int64_t> value;
    bool out_of_range = false;
    bool negative = false;
};
PythonInt read_python_int(std::string_view text);

}  // namespace authapi
