#include "visible_text.hpp"

#include <cstdint>
#include <cstdio>

namespace authapi {

namespace {

// The length of the UTF-8 sequence at text[i], 0 when it is not one (the
// rules of is_valid_utf8: no overlong forms, no surrogates, at most U+10FFFF).
std::size_t sequence_length(std::string_view text, std::size_t i, std::uint32_t& code_point) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
        code_point = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        code_point = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        code_point = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (text.size() - i < length) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if (next < (k == 1 ? lo : 0x80) || next > (k == 1 ? hi : 0xBF)) return 0;
        code_point = (code_point << 6) | (next & 0x3F);
    }
    return length;
}

bool is_hidden_format(std::uint32_t code_point) {
    return (code_point >= 0x80 && code_point <= 0x9F) ||
           (code_point >= 0x202A && code_point <= 0x202E) ||
           (code_point >= 0x2066 && code_point <= 0x2069) || code_point == 0x2028 ||
           code_point == 0x2029;
}

void append_escape(std::string& out, const char* format, unsigned value) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, format, value);
    out += buffer;
}

}  // namespace

std::string visible_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7F) {
            if (c == '\\') out += '\\';
            out += static_cast<char>(c);
            ++i;
        } else if (c == '\n') {
            out += "\\n";
            ++i;
        } else if (c == '\r') {
            out += "\\r";
            ++i;
        } else if (c == '\t') {
            out += "\\t";
            ++i;
        } else if (c < 0x80) {
            append_escape(out, "\\x%02x", c);
            ++i;
        } else {
            std::uint32_t code_point = 0;
            const std::size_t length = sequence_length(text, i, code_point);
            if (length == 0) {
                append_escape(out, "\\x%02x", c);
                ++i;
            } else if (is_hidden_format(code_point)) {
                append_escape(out, "\\u%04x", code_point);
                i += length;
            } else {
                out.append(text, i, length);
                i += length;
            }
        }
    }
    return out;
}

std::size_t visible_width(std::string_view text) {
    std::size_t width = 0;
    for (const char c : text) {
        // Every byte but a UTF-8 continuation byte starts a character.
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
    }
    return width;
}

}  // namespace authapi
