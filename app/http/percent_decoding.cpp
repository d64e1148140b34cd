#include "percent_decoding.hpp"

namespace authapi {

namespace {

int hex_digit_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string decoded;
    decoded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const int high = c == '%' && text.size() - i >= 3 ? hex_digit_value(text[i + 1]) : -1;
        const int low = high >= 0 ? hex_digit_value(text[i + 2]) : -1;
        if (low >= 0) {
            decoded += static_cast<char>(high * 16 + low);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            decoded += ' ';
        } else {
            decoded += c;
        }
    }
    return decoded;
}

}  // namespace authapi
