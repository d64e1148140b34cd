#include <doctest/doctest.h>

#include <limits>

#include "python_int.hpp"

using authapi::parse_python_int;

TEST_CASE("SESSION_DURATION parses like Python's int()") {
    CHECK(parse_python_int("60") == 60);
    CHECK(parse_python_int(" 60 ") == 60);
    CHECK(parse_python_int("\t60\n") == 60);
    CHECK(parse_python_int("+60") == 60);
    CHECK(parse_python_int("-5") == -5);
    CHECK(parse_python_int("1_0") == 10);
    CHECK(parse_python_int("1_000_000") == 1000000);
    CHECK(parse_python_int("007") == 7);
    CHECK_FALSE(parse_python_int("60.5"));
    CHECK_FALSE(parse_python_int(""));
    CHECK_FALSE(parse_python_int("   "));
    CHECK_FALSE(parse_python_int("abc"));
    CHECK_FALSE(parse_python_int("_1"));
    CHECK_FALSE(parse_python_int("1_"));
    CHECK_FALSE(parse_python_int("1__0"));
    CHECK_FALSE(parse_python_int("+"));
    CHECK_FALSE(parse_python_int("- 5"));
    CHECK_FALSE(parse_python_int("0x10"));
    CHECK(parse_python_int("9223372036854775807") == std::numeric_limits<std::int64_t>::max());
    CHECK(parse_python_int("-9223372036854775808") == std::numeric_limits<std::int64_t>::min());
    CHECK_FALSE(parse_python_int("9223372036854775808"));
    CHECK_FALSE(parse_python_int("99999999999999999999999"));
}
