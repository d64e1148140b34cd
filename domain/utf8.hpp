#pragma once

#include <cstddef>
#include <string_view>

namespace authapi {

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view bytes);

// The length of the strict UTF-8 sequence that starts at bytes[at] (1 for
// ASCII), with its code point; 0 when no valid sequence starts there.
std::size_t utf8_sequence_at(std::string_view bytes, std::size_t at, char32_t& code_point);

}  // namespace authapi
