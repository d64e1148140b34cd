#include "field_syntax.hpp"

#include <array>

#include "ascii_text.hpp"

namespace authapi {

namespace {

constexpr std::array<bool, 256> character_class(std::string_view members) {
    std::array<bool, 256> table{};
    for (char c : members) table[static_cast<unsigned char>(c)] = true;
    for (int c = '0'; c <= '9'; ++c) table[static_cast<std::size_t>(c)] = true;
    for (int c = 'A'; c <= 'Z'; ++c) table[static_cast<std::size_t>(c)] = true;
    for (int c = 'a'; c <= 'z'; ++c) table[static_cast<std::size_t>(c)] = true;
    return table;
}

constexpr auto kTchar = character_class("!#$%&'*+-.^_`|~");
// A path and query: pchar, "/" and "?" (with pct-encoded).
constexpr auto kPathAndQuery = character_class("-._~!$&'()*+,;=:@/?");
// Everything but the control characters (HTAB aside) and DEL.
constexpr std::array<bool, 256> kFieldValue = [] {
    std::array<bool, 256> table{};
    for (std::size_t c = 0x20; c < 256; ++c) table[c] = c != 0x7f;
    table['\t'] = true;
    return table;
}();

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

bool is_token(std::string_view text) {
    if (text.empty()) return false;
    for (unsigned char c : text) {
        if (!kTchar[c]) return false;
    }
    return true;
}

bool is_field_value(std::string_view value) {
    for (unsigned char c : value) {
        if (!kFieldValue[c]) return false;
    }
    return true;
}

bool is_response_field(std::string_view name, std::string_view value) {
    return is_token(name) && is_field_value(value);
}

bool lists_token(std::string_view list, std::string_view token) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string_view item = trim_spaces_and_tabs(list.substr(0, comma));
        if (ascii_equal_ignoring_case(item, token)) return true;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

bool is_path_and_query(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '%') {
            if (i + 2 >= text.size() || !is_hex(text[i + 1]) || !is_hex(text[i + 2])) return false;
            i += 2;
        } else if (!kPathAndQuery[c]) {
            return false;
        }
    }
    return true;
}

}  // namespace authapi
