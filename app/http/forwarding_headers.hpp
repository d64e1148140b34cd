#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ip_address.hpp"
#include "origin.hpp"

namespace authapi {

// One proxy's entry in a forwarding header: the client it received the
// request from, and what that request said about itself.
struct ForwardedHop {
    // nullopt: the proxy wrote "unknown" or an obfuscated name (RFC 7239 6.2, 6.3).
    std::optional<IpAddress> client;
    std::optional<std::string> proto;  // "http" or "https"
    std::optional<HostAndPort> host;   // the Host the proxy received
};

// Each parser returns the hops, first (farthest from us) to last, or nullopt
// with `error` saying what is wrong. Strict on purpose: a value that could be
// read two ways is refused, never guessed at.

// RFC 7239 Forwarded: 1#( pair *( ";" pair ) ), pair = token "=" ( token /
// quoted-string ), optional whitespace only around ',' and ';'. Known
// parameters: for (an IPv4 address, a quoted "[IPv6]", "unknown" or an
// obfuscated "_name", each with an optional port), proto (http or https) and
// host; each at most once per element; `by` and extensions are skipped.
// An element without `for` counts as a hop from an unknown client.
std::optional<std::vector<ForwardedHop>> parse_forwarded(std::string_view value,
                                                         std::string& error);

// X-Forwarded-For: 1#address, each an IPv4 or IPv6 address (no port, no
// brackets, no empty element).
std::optional<std::vector<ForwardedHop>> parse_x_forwarded_for(std::string_view value,
                                                               std::string& error);

// X-Forwarded-Proto: exactly http or https (any case). X-Forwarded-Host: one
// Host value.
std::optional<std::string> parse_x_forwarded_proto(std::string_view value, std::string& error);
std::optional<HostAndPort> parse_x_forwarded_host(std::string_view value, std::string& error);

}  // namespace authapi
