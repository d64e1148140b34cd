#include <doctest/doctest.h>

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
