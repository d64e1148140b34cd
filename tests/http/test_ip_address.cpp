#include <doctest/doctest.h>

#include "ip_address.hpp"

namespace authapi {
namespace {

TEST_CASE("parse_ip_address: IPv4 and IPv6, written one canonical way") {
    CHECK(parse_ip_address("192.0.2.1")->to_string() == "192.0.2.1");
    CHECK_FALSE(parse_ip_address("192.0.2.1")->v6);
    CHECK(parse_ip_address("2001:DB8:0:0::1")->to_string() == "2001:db8::1");
    CHECK(parse_ip_address("::1")->v6);
    // The IPv4 client of a dual-stack socket is that IPv4 address.
    CHECK(parse_ip_address("::ffff:192.0.2.1") == parse_ip_address("192.0.2.1"));
    CHECK(parse_ip_address("::ffff:192.0.2.1")->to_string() == "192.0.2.1");
}

TEST_CASE("parse_ip_address: anything else is refused") {
    for (const char* bad :
         {"", " 192.0.2.1", "192.0.2.1 ", "192.0.2", "192.0.2.256", "192.0.2.01", "0x7f.0.0.1",
          "192.0.2.1:80", "[::1]", "::1%lo", "2001:db8::1::2", "localhost", "unknown", "1.2.3.4.5",
          "::ffff:999.0.0.1", "1234567890123456789012345678901234567890123456"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_ip_address(bad));
    }
}

TEST_CASE("parse_ip_network: CIDR prefixes, and single addresses") {
    const auto ten = parse_ip_network("10.0.0.0/8");
    REQUIRE(ten);
    CHECK(ten->contains(*parse_ip_address("10.255.1.2")));
    CHECK_FALSE(ten->contains(*parse_ip_address("11.0.0.1")));
    CHECK(ten->contains(*parse_ip_address("::ffff:10.1.2.3")));
    CHECK_FALSE(ten->contains(*parse_ip_address("::1")));
    CHECK(ten->to_string() == "10.0.0.0/8");

    const auto one = parse_ip_network("127.0.0.1");
    REQUIRE(one);
    CHECK(one->prefix_length == 32);
    CHECK(one->contains(*parse_ip_address("127.0.0.1")));
    CHECK_FALSE(one->contains(*parse_ip_address("127.0.0.2")));
    CHECK(one->to_string() == "127.0.0.1");

    const auto v6 = parse_ip_network("2001:db8::/32");
    REQUIRE(v6);
    CHECK(v6->contains(*parse_ip_address("2001:db8:ffff::7")));
    CHECK_FALSE(v6->contains(*parse_ip_address("2001:db9::7")));
    CHECK_FALSE(v6->contains(*parse_ip_address("10.0.0.1")));

    const auto everything = parse_ip_network("0.0.0.0/0");
    REQUIRE(everything);
    CHECK(everything->contains(*parse_ip_address("203.0.113.9")));

    const auto mapped = parse_ip_network("::ffff:10.0.0.0/104");
    REQUIRE(mapped);
    CHECK(mapped->contains(*parse_ip_address("10.9.9.9")));
}

TEST_CASE("parse_ip_network: malformed prefixes and host bits are refused") {
    for (const char* bad :
         {"10.0.0.1/8", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/-1", "10.0.0.0/8/8",
          "/8", "2001:db8::1/32", "::/129", "localhost/8", "::ffff:10.0.0.0/95"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_ip_network(bad));
    }
}

}  // namespace
}  // namespace authapi
