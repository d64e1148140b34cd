#include "email_address.hpp"

namespace authapi {

namespace {

bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
    return text;
}

}  // namespace

std::string email_key(std::string_view typed) {
    std::string key(trimmed(typed));
    for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key;
}

bool has_control_character(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) return true;
        // U+0080..U+009F is C2 80..C2 9F in UTF-8.
        if (c == 0xc2 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9f) return true;
        }
    }
    return false;
}

std::optional<EmailAddress> EmailAddress::parse(std::string_view typed) {
    const std::string_view text = trimmed(typed);
    if (text.empty() || has_control_character(text)) return std::nullopt;
    return EmailAddress(std::string(text), email_key(text));
}

}  // namespace authapi
