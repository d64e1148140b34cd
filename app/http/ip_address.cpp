#include "ip_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace authapi {

namespace {

constexpr std::uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

int full_length(const IpAddress& address) {
    return address.v6 ? 128 : 32;
}

bool bit(const IpAddress& address, int index) {
    return (address.bytes[index / 8] >> (7 - index % 8)) & 1;
}

}  // namespace

std::string IpAddress::to_string() const {
    char text[INET6_ADDRSTRLEN];
    inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), text, sizeof text);
    return text;
}

std::optional<IpAddress> parse_ip_address(std::string_view text) {
    // inet_pton wants a terminated string; no address literal is longer than this.
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
    char buffer[INET6_ADDRSTRLEN];
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';
    IpAddress address;
    if (text.find(':') == std::string_view::npos) {
        if (inet_pton(AF_INET, buffer, address.bytes.data()) != 1) return std::nullopt;
        return address;
    }
    if (inet_pton(AF_INET6, buffer, address.bytes.data()) != 1) return std::nullopt;
    address.v6 = true;
    if (std::equal(std::begin(kMappedPrefix), std::end(kMappedPrefix), address.bytes.begin())) {
        std::copy(address.bytes.begin() + 12, address.bytes.end(), address.bytes.begin());
        std::fill(address.bytes.begin() + 4, address.bytes.end(), 0);
        address.v6 = false;
    }
    return address;
}

bool IpNetwork::contains(const IpAddress& address) const {
    if (address.v6 != base.v6) return false;
    for (int i = 0; i < prefix_length; ++i) {
        if (bit(address, i) != bit(base, i)) return false;
    }
    return true;
}

std::string IpNetwork::to_string() const {
    if (prefix_length == full_length(base)) return base.to_string();
    return base.to_string() + "/" + std::to_string(prefix_length);
}

std::optional<IpNetwork> parse_ip_network(std::string_view text) {
    const std::size_t slash = text.find('/');
    IpNetwork network;
    const auto base = parse_ip_address(text.substr(0, slash));
    if (!base) return std::nullopt;
    network.base = *base;
    network.prefix_length = full_length(*base);
    if (slash == std::string_view::npos) return network;
    const std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos ||
        (digits.size() > 1 && digits[0] == '0')) {
        return std::nullopt;
    }
    int length = 0;
    for (char c : digits) length = length * 10 + (c - '0');
    // A mapped IPv6 network ("::ffff:10.0.0.0/104") counts its prefix from the IPv4 part.
    if (text.find(':') != std::string_view::npos && !base->v6) {
        if (length < 96) return std::nullopt;
        length -= 96;
    }
    if (length > full_length(*base)) return std::nullopt;
    network.prefix_length = length;
    for (int i = length; i < full_length(*base); ++i) {
        if (bit(*base, i)) return std::nullopt;
    }
    return network;
}

}  // namespace authapi
