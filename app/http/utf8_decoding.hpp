#pragma once

#include <cstddef>
#include <string_view>

namespace authapi {

// One decoding step of strict UTF-8 (Unicode Table 3-7: no overlongs, no surrogates,
// nothing above U+10FFFF).
struct Utf8Step {
    char32_t code_point;  // U+FFFD when !valid
    std::size_t length;   // bytes consumed; 0 only when pos is at or past the end
    bool valid;
};

// An ill-formed sequence consumes its maximal well-formed prefix (at least one byte), the
// substitution rule Python's decode(errors="replace") and WHATWG use, so each broken
// sequence becomes exactly one U+FFFD.
Utf8Step decode_utf8_at(std::string_view text, std::size_t pos) noexcept;

}  // namespace authapi
