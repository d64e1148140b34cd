#include <doctest/doctest.h>

#include "api/forwarding_policy.hpp"

using namespace authapi;

namespace {

ForwardingPolicy trusting(std::initializer_list<const char*> networks) {
    std::vector<IpNetwork> parsed;
    for (const char* network : networks) parsed.push_back(parse_ip_network(network).value());
    return ForwardingPolicy(parsed);
}

const std::optional<std::string> kHost = std::string("127.0.0.1:5000");

ForwardingHeaders xff(const char* value) {
    ForwardingHeaders headers;
    headers.x_forwarded_for = value;
    return headers;
}

}  // namespace

TEST_CASE("forwarding: nobody trusted, nothing believed") {
    const ForwardingPolicy none;
    CHECK_FALSE(none.trusts("127.0.0.1"));
    ForwardingHeaders headers = xff("203.0.113.9");
    headers.x_forwarded_proto = "https";
    headers.x_forwarded_host = "auth.example";
    const RequestSource source = none.resolve("127.0.0.1", kHost, headers);
    CHECK(source.client_ip == "127.0.0.1");
    CHECK(source.scheme == "http");
    CHECK(source.host == kHost);
    CHECK_FALSE(source.via_trusted_proxy);
}

TEST_CASE("forwarding: an untrusted peer's headers are ignored, even malformed ones") {
    const auto policy = trusting({"10.0.0.0/8"});
    CHECK_FALSE(policy.trusts("192.0.2.1"));
    ForwardingHeaders headers = xff("garbage");
    headers.repeated = "X-Forwarded-For";
    const RequestSource source = policy.resolve("192.0.2.1", kHost, headers);
    CHECK(source.client_ip == "192.0.2.1");
    CHECK_FALSE(source.via_trusted_proxy);
}

TEST_CASE("forwarding: the right-most address that is not a trusted proxy is the client") {
    const auto policy = trusting({"127.0.0.1", "10.0.0.0/8", "2001:db8::/32"});
    CHECK(policy.trusts("127.0.0.1"));
    CHECK(policy.trusts("::ffff:127.0.0.1"));
    // Whatever the client wrote itself comes first; each proxy appends.
    auto source = policy.resolve("127.0.0.1", kHost, xff("6.6.6.6, 203.0.113.9, 10.1.1.1"));
    CHECK(source.client_ip == "203.0.113.9");
    CHECK(source.via_trusted_proxy);
    source = policy.resolve("127.0.0.1", kHost, xff("2001:db8::7, 2001:DB9::1"));
    CHECK(source.client_ip == "2001:db9::1");
    // Every hop trusted: the farthest one is the client.
    source = policy.resolve("127.0.0.1", kHost, xff("10.0.0.5, 10.0.0.6"));
    CHECK(source.client_ip == "10.0.0.5");
    // No forwarding header: the proxy is the client.
    source = policy.resolve("::ffff:127.0.0.1", kHost, {});
    CHECK(source.client_ip == "127.0.0.1");
    CHECK(source.scheme == "http");
    CHECK(source.host == kHost);
}

TEST_CASE("forwarding: X-Forwarded-Proto and -Host name the scheme and host") {
    const auto policy = trusting({"127.0.0.1"});
    ForwardingHeaders headers = xff("203.0.113.9");
    headers.x_forwarded_proto = "HTTPS";
    headers.x_forwarded_host = "Auth.Example:8443";
    const auto source = policy.resolve("127.0.0.1", kHost, headers);
    CHECK(source.scheme == "https");
    CHECK(source.host == "auth.example:8443");
}

TEST_CASE("forwarding: Forwarded, read from the client's own element") {
    const auto policy = trusting({"127.0.0.1", "10.0.0.0/8"});
    ForwardingHeaders headers;
    headers.forwarded =
        "for=6.6.6.6;proto=http;host=evil.example, "
        "for=203.0.113.9;proto=https;host=auth.example, for=10.0.0.2;proto=http;host=internal";
    auto source = policy.resolve("127.0.0.1", kHost, headers);
    CHECK(source.client_ip == "203.0.113.9");
    CHECK(source.scheme == "https");
    CHECK(source.host == "auth.example");
    // An unknown client is known only as the proxy that reported it.
    headers.forwarded = "for=unknown;proto=https, for=10.0.0.2";
    source = policy.resolve("127.0.0.1", kHost, headers);
    CHECK(source.client_ip == "10.0.0.2");
    CHECK(source.scheme == "https");
    headers.forwarded = "for=\"[2001:db8::9]:443\"";
    source = policy.resolve("127.0.0.1", kHost, headers);
    CHECK(source.client_ip == "2001:db8::9");
    CHECK(source.host == kHost);
}

TEST_CASE("forwarding: what a trusted proxy sends must read one way only") {
    const auto policy = trusting({"127.0.0.1"});
    auto refused = [&](const ForwardingHeaders& headers) -> std::string {
        try {
            policy.resolve("127.0.0.1", kHost, headers);
        } catch (const ForwardingHeaderError& e) {
            return e.what();
        }
        return "";
    };
    CHECK(refused(xff("203.0.113.9:1234")).find("X-Forwarded-For from trusted proxy 127.0.0.1") ==
          0);
    ForwardingHeaders repeated = xff("203.0.113.9");
    repeated.repeated = "X-Forwarded-For";
    CHECK(refused(repeated).find("more than one line") != std::string::npos);
    ForwardingHeaders mixed = xff("203.0.113.9");
    mixed.forwarded = "for=203.0.113.9";
    CHECK(refused(mixed).find("Forwarded and X-Forwarded-*") == 0);
    ForwardingHeaders proto;
    proto.x_forwarded_proto = "https,http";
    CHECK(refused(proto).find("X-Forwarded-Proto") == 0);
    ForwardingHeaders host;
    host.x_forwarded_host = "a.example b";
    CHECK(refused(host).find("X-Forwarded-Host") == 0);
    ForwardingHeaders forwarded;
    forwarded.forwarded = "for=203.0.113.9;;";
    CHECK(refused(forwarded).find("Forwarded from trusted proxy") == 0);
}
