#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace authapi {

// A Host header value (RFC 9110 7.2): uri-host [":" port]. Host names are
// kept lower case; an IPv6 literal keeps its brackets.
struct HostAndPort {
    std::string host;
    std::optional<std::uint16_t> port;

    std::string serialize() const;  // "host" or "host:port"
};

// Strict: a DNS-style name (letters, digits, '-', '.', '_'), an IPv4
// address or a bracketed IPv6 literal, then an optional port of 1 to 5
// digits (at most 65535). Anything else (userinfo, a path, spaces, an empty
// port, a comma-separated list) is nullopt.
std::optional<HostAndPort> parse_host_and_port(std::string_view text);

// A web origin (RFC 6454) of an http or https page: what browsers send in
// Origin and what ALLOWED_ORIGINS and PUBLIC_ORIGIN name. Two origins are
// the same when scheme, host and port are, the port defaulting to the
// scheme's (so "https://a.example" is "https://A.example:443").
struct Origin {
    std::string scheme;  // "http" or "https"
    std::string host;    // lower case
    std::uint16_t port = 0;

    // "scheme://host[:port]", the port left out when it is the scheme's default.
    std::string serialize() const;
    bool operator==(const Origin& other) const {
        return scheme == other.scheme && host == other.host && port == other.port;
    }
    bool operator!=(const Origin& other) const { return !(*this == other); }
};

// "http://host[:port]" or "https://host[:port]", nothing after it (no path,
// not even "/"). The scheme is matched case-insensitively. "null", other
// schemes and anything malformed are nullopt.
std::optional<Origin> parse_origin(std::string_view text);

// The origin a request names when it was sent to `host` over `scheme`.
Origin origin_of(std::string_view scheme, const HostAndPort& host);

}  // namespace authapi
