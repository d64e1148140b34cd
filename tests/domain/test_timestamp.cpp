#include <doctest/doctest.h>

#include <ctime>

#include "timestamp.hpp"

using namespace authapi;

TEST_CASE("timestamps are the task's UTC text") {
    CHECK(format_timestamp(0) == "1970-01-01 00:00:00");
    CHECK(format_timestamp(1508127784) == "2017-10-16 04:23:04");
    CHECK(parse_timestamp("2017-10-16 04:23:04") == 1508127784);
    CHECK(parse_timestamp("2017-10-16T04:23:04") == 1508127784);
    CHECK(parse_timestamp("2024-02-29 23:59:59") == 1709251199);
    CHECK_FALSE(parse_timestamp("2023-02-29 00:00:00"));
    CHECK_FALSE(parse_timestamp("2017-10-16 24:00:00"));
    CHECK_FALSE(parse_timestamp("2017-10-16"));
    CHECK_FALSE(parse_timestamp("2017-1a-16 04:23:04"));
    for (std::int64_t t : {0LL, 951782400LL, 1700000000LL, 4102444799LL}) {
        CHECK(parse_timestamp(format_timestamp(t)) == t);
    }
}

TEST_CASE("format_timestamp agrees with the C library's UTC calendar") {
    // Every day boundary and a time inside it, 1900 to 2200 in 13-day steps
    // (every weekday, month end and leap day pattern comes round).
    for (std::int64_t t = -2208988800LL; t < 7258118400LL; t += 13 * 86400 + 3599) {
        const std::time_t c = static_cast<std::time_t>(t);
        std::tm tm{};
        gmtime_r(&c, &tm);
        char expected[32];
        std::strftime(expected, sizeof expected, "%Y-%m-%d %H:%M:%S", &tm);
        REQUIRE(format_timestamp(t) == expected);
    }
    CHECK(format_timestamp(951868799) == "2000-02-29 23:59:59");
    CHECK(format_timestamp(-1) == "1969-12-31 23:59:59");
}
