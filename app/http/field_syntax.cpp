#include "field_syntax.hpp"

#include <array>

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
// RFC 3986 unreserved and sub-delims: a reg-name's characters (with pct-encoded).
constexpr auto kRegName = character_class("-._~!$&'()*+,;=");
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

// *DIGIT (RFC 3986), and a number a TCP port can be.
bool is_port(std::string_view text) {
    if (text.size() > 5) return false;
    unsigned long port = 0;
    for (char c : text) {
        if (!is_digit(c)) return false;
        port = port * 10 + static_cast<unsigned long>(c - '0');
    }
    return port <= 65535;
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

bool is_uri_part(std::string_view text, UriPart part) {
    const auto& table = part == UriPart::RegName ? kRegName : kPathAndQuery;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '%') {
            if (i + 2 >= text.size() || !is_hex(text[i + 1]) || !is_hex(text[i + 2])) return false;
            i += 2;
        } else if (!table[c]) {
            return false;
        }
    }
    return true;
}

bool is_host_and_port(std::string_view text) {
    std::string_view host = text;
    if (!text.empty() && text.front() == '[') {
        // IP-literal: an IPv6 address (or IPvFuture) in brackets.
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos || close == 1) return false;
        for (char c : text.substr(1, close - 1)) {
            if (!is_hex(c) && c != ':' && c != '.' && c != 'v' && c != 'V') return false;
        }
        const std::string_view after = text.substr(close + 1);
        return after.empty() || (after.front() == ':' && is_port(after.substr(1)));
    }
    const std::size_t colon = text.rfind(':');
    if (colon != std::string_view::npos) {
        if (!is_port(text.substr(colon + 1))) return false;
        host = text.substr(0, colon);
    }
    return is_uri_part(host, UriPart::RegName);
}

}  // namespace authapi
