#include "cookie_header.hpp"

#include <algorithm>

#include "ascii_text.hpp"

namespace authapi {

namespace {

bool is_quoted(std::string_view text) noexcept {
    return text.size() >= 2 && text.front() == '"' && text.back() == '"';
}

bool is_octal_digit(char c, char highest) noexcept {
    return c >= '0' && c <= highest;
}

// Werkzeug's _cookie_unquote: only a value wrapped in quotes is unescaped; inside it "\ooo"
// (first digit 0-3) is an octal byte and "\c" is c. A lone trailing backslash stays.
std::string unquote_cookie_text(std::string_view text) {
    if (!is_quoted(text)) return std::string(text);
    text = text.substr(1, text.size() - 2);
    std::string unquoted;
    unquoted.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            unquoted += text[i];
            continue;
        }
        if (i + 3 < text.size() && is_octal_digit(text[i + 1], '3') &&
            is_octal_digit(text[i + 2], '7') && is_octal_digit(text[i + 3], '7')) {
            unquoted += static_cast<char>(((text[i + 1] - '0') << 6) | ((text[i + 2] - '0') << 3) |
                                          (text[i + 3] - '0'));
            i += 3;
        } else {
            unquoted += text[i + 1];
            ++i;
        }
    }
    return unquoted;
}

bool cookie_name_matches(std::string_view raw_name, std::string_view wanted) {
    // Werkzeug unquotes names as well as values; only pay for it when the name is quoted.
    if (is_quoted(raw_name)) return unquote_cookie_text(raw_name) == wanted;
    return raw_name == wanted;
}

struct RawCookieValue {
    std::string_view text;  // still quoted, if it was
    std::size_t next_pair;  // where the following pair starts
};

RawCookieValue scan_cookie_value(std::string_view header, std::size_t pos) {
    while (pos < header.size() && is_space_or_tab(header[pos])) ++pos;
    // A quoted value may hold ';', but only counts as quoted when nothing but blanks follows
    // the closing quote; otherwise the value runs to the next ';' like Werkzeug's fallback.
    if (pos < header.size() && header[pos] == '"') {
        std::size_t i = pos + 1;
        while (i < header.size() && header[i] != '"') i += (header[i] == '\\') ? 2 : 1;
        if (i < header.size()) {
            std::size_t after = i + 1;
            while (after < header.size() && is_space_or_tab(header[after])) ++after;
            if (after == header.size() || header[after] == ';') {
                return {header.substr(pos, i + 1 - pos), std::min(after + 1, header.size())};
            }
        }
    }
    const std::size_t end = header.find(';', pos);
    if (end == std::string_view::npos) {
        return {trim_spaces_and_tabs(header.substr(pos)), header.size()};
    }
    return {trim_spaces_and_tabs(header.substr(pos, end - pos)), end + 1};
}

}  // namespace

std::optional<std::string> find_cookie(std::string_view cookie_header, std::string_view name) {
    std::size_t pos = 0;
    while (pos < cookie_header.size()) {
        const std::size_t stop = cookie_header.find_first_of("=;", pos);
        if (stop == std::string_view::npos) break;
        if (cookie_header[stop] == ';') {
            pos = stop + 1;
            continue;
        }
        const std::string_view raw_name =
            trim_spaces_and_tabs(cookie_header.substr(pos, stop - pos));
        const RawCookieValue value = scan_cookie_value(cookie_header, stop + 1);
        if (!raw_name.empty() && cookie_name_matches(raw_name, name)) {
            return unquote_cookie_text(value.text);
        }
        pos = value.next_pair;
    }
    return std::nullopt;
}

}  // namespace authapi
