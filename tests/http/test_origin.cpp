#include <doctest/doctest.h>

#include "origin.hpp"

namespace authapi {
namespace {

TEST_CASE("parse_origin: http and https origins, compared as browsers do") {
    const auto plain = parse_origin("http://api.example:8080");
    REQUIRE(plain);
    CHECK(plain->scheme == "http");
    CHECK(plain->host == "api.example");
    CHECK(plain->port == 8080);
    CHECK(plain->serialize() == "http://api.example:8080");

    CHECK(parse_origin("HTTPS://API.Example") == parse_origin("https://api.example:443"));
    CHECK(parse_origin("https://api.example:443")->serialize() == "https://api.example");
    CHECK(parse_origin("http://api.example:80")->serialize() == "http://api.example");
    CHECK(parse_origin("http://api.example") != parse_origin("https://api.example"));
    CHECK(parse_origin("http://[::1]:5000")->host == "[::1]");
    CHECK(parse_origin("http://127.0.0.2:8080")->serialize() == "http://127.0.0.2:8080");
}

TEST_CASE("parse_origin: what is not an origin") {
    for (const char* bad : {"",
                            "null",
                            "api.example",
                            "ftp://api.example",
                            "chrome-extension://abc",
                            "http://api.example/",
                            "http://api.example/path",
                            "http://user@api.example",
                            "http://api.example:",
                            "http://api.example:0",
                            "http://api.example:65536",
                            "http://api.example:80x",
                            "http://",
                            "http:// api.example",
                            "http://a b",
                            "http://[::1",
                            "http://[127.0.0.1]",
                            "http://api.example, http://other.example",
                            "http://api.example?x",
                            "http://api.example#x",
                            "http://exa%6dple.com"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_origin(bad));
    }
}

TEST_CASE("parse_host_and_port: a Host header value") {
    auto host = parse_host_and_port("API.example:5000");
    REQUIRE(host);
    CHECK(host->host == "api.example");
    CHECK(host->port == 5000);
    host = parse_host_and_port("[2001:db8::1]");
    REQUIRE(host);
    CHECK(host->host == "[2001:db8::1]");
    CHECK_FALSE(host->port);
    CHECK(origin_of("https", *parse_host_and_port("a.example")).serialize() == "https://a.example");
    for (const char* bad : {"", ":80", "a.example:", "a.example:99999", "a.example,b.example",
                            "a.example/x", "2001:db8::1", "a example"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_host_and_port(bad));
    }
}

}  // namespace
}  // namespace authapi
