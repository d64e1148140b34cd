#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "http/ip_address.hpp"

namespace authapi {

// The forwarding headers of one request, as received (each at most once:
// `repeated` names one that came on several lines, which cannot be read
// without guessing how the lines combine).
struct ForwardingHeaders {
    std::optional<std::string> forwarded;          // Forwarded (RFC 7239)
    std::optional<std::string> x_forwarded_for;    // X-Forwarded-For
    std::optional<std::string> x_forwarded_proto;  // X-Forwarded-Proto
    std::optional<std::string> x_forwarded_host;   // X-Forwarded-Host
    std::optional<std::string> repeated;
};

// Who sent a request and how, as the server should believe it: the TCP peer
// itself, or what a trusted proxy in front of us says about its client.
struct RequestSource {
    std::string client_ip;
    std::string scheme = "http";      // "https" only when a trusted proxy says so
    std::optional<std::string> host;  // the Host the client used ("api.example:8443")
    bool via_trusted_proxy = false;
};

// A trusted proxy sent a forwarding header we cannot read: the request is
// refused (400) rather than attributed to a guess.
class ForwardingHeaderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// TRUSTED_PROXIES: the forwarding headers (Forwarded, or the X-Forwarded-For
// / -Proto / -Host family, never both at once) are believed only from these
// peers. The client is the right-most address in the chain that is not a
// trusted proxy (everything left of it could have been written by the client
// itself); its entry also gives the scheme and host the client used
// (Forwarded's proto= and host=; X-Forwarded-Proto and X-Forwarded-Host
// otherwise). With no trusted proxy, no header is even looked at.
class ForwardingPolicy {
public:
    ForwardingPolicy() = default;
    explicit ForwardingPolicy(std::vector<IpNetwork> trusted) : trusted_(std::move(trusted)) {}

    // Cheap for the common case: false at once when nobody is trusted.
    bool trusts(std::string_view peer_ip) const;

    // `peer_ip` is the TCP peer, `host` the request's Host header. Throws
    // ForwardingHeaderError (naming the header and the fault) when the peer
    // is trusted and its headers are malformed, repeated or mixed.
    RequestSource resolve(const std::string& peer_ip, const std::optional<std::string>& host,
                          const ForwardingHeaders& headers) const;

    const std::vector<IpNetwork>& trusted() const { return trusted_; }

private:
    bool trusts(const IpAddress& address) const;

    std::vector<IpNetwork> trusted_;
};

}  // namespace authapi
