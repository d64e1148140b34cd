#pragma once

#include <cstddef>
#include <string_view>

namespace authapi {

// HTTP's optional whitespace (RFC 9110 OWS) is only space and tab.
constexpr bool is_space_or_tab(char c) noexcept {
    return c == ' ' || c == '\t';
}

constexpr std::string_view trim_spaces_and_tabs(std::string_view text) noexcept {
    while (!text.empty() && is_space_or_tab(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space_or_tab(text.back())) text.remove_suffix(1);
    return text;
}

// Locale-independent on purpose: header names and media types are ASCII tokens, and
// std::tolower would depend on the global locale.
constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool ascii_equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    }
    return true;
}

}  // namespace authapi
