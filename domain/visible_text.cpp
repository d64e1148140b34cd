#include "visible_text.hpp"

#include <cstdio>

#include "utf8.hpp"

namespace authapi {

namespace {

bool is_hidden_format(char32_t code_point) {
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
            char32_t code_point = 0;
            const std::size_t length = utf8_sequence_at(text, i, code_point);
            if (length == 0) {
                append_escape(out, "\\x%02x", c);
                ++i;
            } else if (is_hidden_format(code_point)) {
                append_escape(out, "\\u%04x", static_cast<unsigned>(code_point));
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
