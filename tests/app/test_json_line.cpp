#include <doctest/doctest.h>

#include "observability/json_line.hpp"

using namespace authapi;

TEST_CASE("json line: fields in order, one line, client bytes cannot break out") {
    const std::string line = JsonLine()
                                 .add("path", "/x\"}\n{\"audit\":\"forged\\")
                                 .add("status", 200)
                                 .add_if("empty", "")
                                 .add("bytes", std::string("\x01\xff", 2))
                                 .str();
    CHECK(line ==
          "{\"path\":\"/x\\\"}\\u000a{\\\"audit\\\":\\\"forged\\\\\",\"status\":200,"
          "\"bytes\":\"\\u0001\\u00ff\"}\n");
    CHECK(line.find('\n') == line.size() - 1);
}

TEST_CASE("json line: the timestamp is ISO 8601 UTC with milliseconds") {
    const std::string time = utc_now_iso8601();
    REQUIRE(time.size() == 24);
    CHECK(time[4] == '-');
    CHECK(time[10] == 'T');
    CHECK(time[19] == '.');
    CHECK(time.back() == 'Z');
}
