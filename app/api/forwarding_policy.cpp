#include "api/forwarding_policy.hpp"

#include "http/forwarding_headers.hpp"

namespace authapi {

bool ForwardingPolicy::trusts(const IpAddress& address) const {
    for (const auto& network : trusted_) {
        if (network.contains(address)) return true;
    }
    return false;
}

bool ForwardingPolicy::trusts(std::string_view peer_ip) const {
    if (trusted_.empty()) return false;
    const auto address = parse_ip_address(peer_ip);
    return address && trusts(*address);
}

RequestSource ForwardingPolicy::resolve(const std::string& peer_ip,
                                        const std::optional<std::string>& host,
                                        const ForwardingHeaders& headers) const {
    RequestSource source;
    source.client_ip = peer_ip;
    source.host = host;
    const auto peer = trusted_.empty() ? std::nullopt : parse_ip_address(peer_ip);
    if (!peer || !trusts(*peer)) return source;
    source.via_trusted_proxy = true;
    source.client_ip = peer->to_string();

    const std::string from = " from trusted proxy " + source.client_ip + ": ";
    if (headers.repeated) {
        throw ForwardingHeaderError(*headers.repeated + from +
                                    "sent on more than one line; send it once");
    }
    const bool x_forwarded =
        headers.x_forwarded_for || headers.x_forwarded_proto || headers.x_forwarded_host;
    if (headers.forwarded && x_forwarded) {
        throw ForwardingHeaderError("Forwarded and X-Forwarded-*" + from +
                                    "both given; a proxy should send one kind only");
    }
    std::string error;
    std::vector<ForwardedHop> hops;
    if (headers.forwarded) {
        auto parsed = parse_forwarded(*headers.forwarded, error);
        if (!parsed) throw ForwardingHeaderError("Forwarded" + from + error);
        hops = std::move(*parsed);
    } else if (headers.x_forwarded_for) {
        auto parsed = parse_x_forwarded_for(*headers.x_forwarded_for, error);
        if (!parsed) throw ForwardingHeaderError("X-Forwarded-For" + from + error);
        hops = std::move(*parsed);
    }

    // Right to left: each trusted hop vouches for the one before it. The
    // first hop it cannot vouch for is the client; an "unknown" client is
    // known only as the proxy that reported it.
    std::size_t client = 0;
    std::string reporter = source.client_ip;
    for (std::size_t i = hops.size(); i-- > 0;) {
        client = i;
        if (!hops[i].client || !trusts(*hops[i].client)) break;
        reporter = hops[i].client->to_string();
    }
    if (!hops.empty()) {
        source.client_ip = hops[client].client ? hops[client].client->to_string() : reporter;
        if (hops[client].proto) source.scheme = *hops[client].proto;
        if (hops[client].host) source.host = hops[client].host->serialize();
    }
    if (headers.x_forwarded_proto) {
        auto proto = parse_x_forwarded_proto(*headers.x_forwarded_proto, error);
        if (!proto) throw ForwardingHeaderError("X-Forwarded-Proto" + from + error);
        source.scheme = *proto;
    }
    if (headers.x_forwarded_host) {
        auto forwarded_host = parse_x_forwarded_host(*headers.x_forwarded_host, error);
        if (!forwarded_host) throw ForwardingHeaderError("X-Forwarded-Host" + from + error);
        source.host = forwarded_host->serialize();
    }
    return source;
}

}  // namespace authapi
