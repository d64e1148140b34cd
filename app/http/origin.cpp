#include "origin.hpp"

#include "ascii_text.hpp"
#include "ip_address.hpp"

namespace authapi {

namespace {

std::uint16_t default_port(std::string_view scheme) {
    return scheme == "https" ? 443 : 80;
}

bool is_name_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_';
}

std::optional<std::string> parse_host(std::string_view text) {
    if (text.empty()) return std::nullopt;
    if (text.front() == '[') {
        if (text.size() < 3 || text.back() != ']') return std::nullopt;
        // An IP-literal holds an IPv6 address: "[192.0.2.1]" is not one.
        const std::string_view inside = text.substr(1, text.size() - 2);
        if (inside.find(':') == std::string_view::npos || !parse_ip_address(inside)) {
            return std::nullopt;
        }
        std::string host(text);
        for (auto& c : host) c = ascii_lower(c);
        return host;
    }
    std::string host;
    host.reserve(text.size());
    for (char c : text) {
        if (!is_name_character(c)) return std::nullopt;
        host.push_back(ascii_lower(c));
    }
    return host;
}

std::optional<std::uint16_t> parse_port(std::string_view digits) {
    if (digits.empty() || digits.size() > 5 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
    }
    unsigned value = 0;
    for (char c : digits) value = value * 10 + static_cast<unsigned>(c - '0');
    if (value == 0 || value > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

}  // namespace

std::optional<HostAndPort> parse_host_and_port(std::string_view text) {
    // The port follows the last ':' outside an IPv6 literal's brackets.
    const std::size_t bracket = text.rfind(']');
    const std::size_t colon = text.rfind(':');
    const bool has_port =
        colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
    HostAndPort result;
    const auto host = parse_host(has_port ? text.substr(0, colon) : text);
    if (!host) return std::nullopt;
    result.host = *host;
    if (has_port) {
        result.port = parse_port(text.substr(colon + 1));
        if (!result.port) return std::nullopt;
    }
    return result;
}

std::string HostAndPort::serialize() const {
    return port ? host + ":" + std::to_string(*port) : host;
}

std::string Origin::serialize() const {
    std::string text = scheme + "://" + host;
    if (port != default_port(scheme)) text += ":" + std::to_string(port);
    return text;
}

std::optional<Origin> parse_origin(std::string_view text) {
    const std::size_t separator = text.find("://");
    if (separator == std::string_view::npos) return std::nullopt;
    Origin origin;
    const std::string_view scheme = text.substr(0, separator);
    if (ascii_equal_ignoring_case(scheme, "http")) {
        origin.scheme = "http";
    } else if (ascii_equal_ignoring_case(scheme, "https")) {
        origin.scheme = "https";
    } else {
        return std::nullopt;
    }
    const auto host = parse_host_and_port(text.substr(separator + 3));
    if (!host) return std::nullopt;
    return origin_of(origin.scheme, *host);
}

Origin origin_of(std::string_view scheme, const HostAndPort& host) {
    Origin origin;
    origin.scheme = std::string(scheme);
    origin.host = host.host;
    origin.port = host.port.value_or(default_port(scheme));
    return origin;
}

}  // namespace authapi
