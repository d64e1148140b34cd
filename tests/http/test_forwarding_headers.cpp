#include <doctest/doctest.h>

#include "forwarding_headers.hpp"

namespace authapi {
namespace {

std::string client_of(const ForwardedHop& hop) {
    return hop.client ? hop.client->to_string() : "unknown";
}

TEST_CASE("X-Forwarded-For: a list of addresses, farthest first") {
    std::string error;
    auto hops = parse_x_forwarded_for("203.0.113.7, 10.0.0.1,2001:db8::5", error);
    REQUIRE(hops);
    REQUIRE(hops->size() == 3);
    CHECK(client_of((*hops)[0]) == "203.0.113.7");
    CHECK(client_of((*hops)[1]) == "10.0.0.1");
    CHECK(client_of((*hops)[2]) == "2001:db8::5");
    hops = parse_x_forwarded_for("  198.51.100.2\t", error);
    REQUIRE(hops);
    CHECK(client_of(hops->front()) == "198.51.100.2");
}

TEST_CASE("X-Forwarded-For: anything but addresses is refused, with the culprit named") {
    for (const char* bad : {"", "203.0.113.7,", ",203.0.113.7", "203.0.113.7,,10.0.0.1",
                            "203.0.113.7:4711", "[2001:db8::5]", "unknown", "example.com",
                            "203.0.113.7 10.0.0.1", "203.0.113.7;10.0.0.1"}) {
        CAPTURE(bad);
        std::string error;
        CHECK_FALSE(parse_x_forwarded_for(bad, error));
        CHECK(error.find("is not an IP address") != std::string::npos);
    }
}

TEST_CASE("Forwarded: RFC 7239 elements with for, proto and host") {
    std::string error;
    auto hops = parse_forwarded(
        "for=192.0.2.60;proto=https;host=auth.example;by=203.0.113.43, "
        "For=\"[2001:db8:cafe::17]:4711\" ; PROTO=http, for=unknown, for=\"_hidden:_port\", "
        "proto=http",
        error);
    REQUIRE_MESSAGE(hops, error);
    REQUIRE(hops->size() == 5);
    CHECK(client_of((*hops)[0]) == "192.0.2.60");
    CHECK((*hops)[0].proto == "https");
    CHECK((*hops)[0].host->host == "auth.example");
    CHECK(client_of((*hops)[1]) == "2001:db8:cafe::17");
    CHECK((*hops)[1].proto == "http");
    CHECK(client_of((*hops)[2]) == "unknown");
    CHECK(client_of((*hops)[3]) == "unknown");
    CHECK(client_of((*hops)[4]) == "unknown");  // no for= at all
    CHECK((*hops)[4].proto == "http");

    hops = parse_forwarded("for=\"192.0.2.60:8080\";host=\"auth.example:8443\"", error);
    REQUIRE_MESSAGE(hops, error);
    CHECK(client_of(hops->front()) == "192.0.2.60");
    CHECK(hops->front().host->port == 8443);
    hops = parse_forwarded("for=192.0.2.60;secret=\"a,b;c\"", error);  // extensions skipped
    REQUIRE_MESSAGE(hops, error);
    CHECK(hops->size() == 1);
}

TEST_CASE("Forwarded: malformed values are refused") {
    for (const char* bad : {"",
                            "for",
                            "for=",
                            "=x",
                            "for=192.0.2.60;",
                            "for=192.0.2.60,",
                            "for=192.0.2.60 proto=http",
                            "for=[2001:db8::1]",
                            "for=\"[2001:db8::1]",
                            "for=\"2001:db8::1\"",
                            "for=\"[192.0.2.1]\"",
                            "for=300.1.1.1",
                            "for=192.0.2.60;for=192.0.2.61",
                            "proto=ftp",
                            "proto=https;proto=https",
                            "host=\"a b\"",
                            "for=\"192.0.2.60\x01\"",
                            "for=\"192.0.2.60:123456\"",
                            "for=_hidden:_port",
                            "for=_",
                            "for=example.com"}) {
        CAPTURE(bad);
        std::string error;
        CHECK_FALSE(parse_forwarded(bad, error));
        CHECK_FALSE(error.empty());
    }
}

TEST_CASE("X-Forwarded-Proto and X-Forwarded-Host hold one value each") {
    std::string error;
    CHECK(parse_x_forwarded_proto("HTTPS", error) == "https");
    CHECK(parse_x_forwarded_proto(" http ", error) == "http");
    CHECK_FALSE(parse_x_forwarded_proto("https, http", error));
    CHECK_FALSE(parse_x_forwarded_proto("wss", error));
    CHECK(parse_x_forwarded_host("auth.example:8443", error)->port == 8443);
    CHECK_FALSE(parse_x_forwarded_host("a.example, b.example", error));
    CHECK(error.find("not a host") != std::string::npos);
}

}  // namespace
}  // namespace authapi
