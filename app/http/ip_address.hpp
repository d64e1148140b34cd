#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace authapi {

// An IPv4 or IPv6 address. An IPv4-mapped IPv6 address (::ffff:192.0.2.1,
// what a dual-stack socket reports for an IPv4 client) is its IPv4 address,
// so that one rule covers both ways of writing it.
struct IpAddress {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};  // IPv4: the first 4

    // Canonical text: dotted quad, or RFC 5952 IPv6 ("2001:db8::1").
    std::string to_string() const;
    bool operator==(const IpAddress& other) const { return v6 == other.v6 && bytes == other.bytes; }
};

// Strict: "192.0.2.1" (four decimal parts, no leading zeros) or an IPv6
// literal without brackets or zone ("2001:db8::1", "::ffff:192.0.2.1").
std::optional<IpAddress> parse_ip_address(std::string_view text);

// An address with a prefix length: "10.0.0.0/8", "2001:db8::/32"; a bare
// address is the network of that one address (/32, /128). Bits past the
// prefix must be zero ("10.0.0.1/8" is refused as a likely typo).
struct IpNetwork {
    IpAddress base;
    int prefix_length = 0;

    bool contains(const IpAddress& address) const;
    std::string to_string() const;  // "10.0.0.0/8", or the bare address for a single one
};

std::optional<IpNetwork> parse_ip_network(std::string_view text);

}  // namespace authapi
