#include "utf8.hpp"

namespace authapi {

std::size_t utf8_sequence_at(std::string_view s, std::size_t at, char32_t& code_point) {
    const auto c = static_cast<unsigned char>(s[at]);
    if (c < 0x80) {
        code_point = c;
        return 1;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        code_point = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        code_point = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;  // overlong
        if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        code_point = c & 0x07;
        if (c == 0xF0) lo = 0x90;  // overlong
        if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (s.size() - at < len) return 0;
    const auto second = static_cast<unsigned char>(s[at + 1]);
    if (second < lo || second > hi) return 0;
    code_point = (code_point << 6) | (second & 0x3F);
    for (std::size_t k = 2; k < len; ++k) {
        const auto cont = static_cast<unsigned char>(s[at + k]);
        if (cont < 0x80 || cont > 0xBF) return 0;
        code_point = (code_point << 6) | (cont & 0x3F);
    }
    return len;
}

bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;  // the common case, without the call
            continue;
        }
        char32_t ignored = 0;
        const std::size_t len = utf8_sequence_at(s, i, ignored);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

}  // namespace authapi
