#include <doctest/doctest.h>

#include <string>

#include "percent_decoding.hpp"
#include "random_bytes.hpp"

namespace authapi {
namespace {

TEST_CASE("percent_decode decodes escapes in either case") {
    CHECK(percent_decode("guillaume%40hbbtn.io", true) == "guillaume@hbbtn.io");
    CHECK(percent_decode("%2b%2B%41%7e", false) == "++A~");
    CHECK(percent_decode("/api/v1/%73tatus", false) == "/api/v1/status");
    CHECK(percent_decode("%E2%82%AC", false) == "\xE2\x82\xAC");
    CHECK(percent_decode("", false) == "");
    CHECK(percent_decode("plain", false) == "plain");
}

TEST_CASE("percent_decode turns '+' into a space only for forms") {
    CHECK(percent_decode("fake+pwd", true) == "fake pwd");
    CHECK(percent_decode("fake+pwd", false) == "fake+pwd");
    CHECK(percent_decode("a%2Bb", true) == "a+b");
}

TEST_CASE("percent_decode keeps raw bytes the caller has to judge") {
    CHECK(percent_decode("a%00b", false) == std::string("a\0b", 3));
    CHECK(percent_decode("%ff%FE", false) == "\xFF\xFE");
    CHECK(percent_decode(std::string_view("x\0y", 3), false) == std::string("x\0y", 3));
}

TEST_CASE("percent_decode keeps bad and truncated escapes as written, like Werkzeug") {
    for (const char* bad :
         {"%zz", "%4", "%", "abc%", "abc%4", "%4g", "%g4", "% 41", "%+1", "%-1", "a%2", "100%"}) {
        CAPTURE(bad);
        CHECK(percent_decode(bad, false) == bad);
    }
    CHECK(percent_decode("%%41", false) == "%A");
    CHECK(percent_decode("%zz%41", false) == "%zzA");
    CHECK(percent_decode("%+1", true) == "% 1");
    // The view ends right after '%4': the byte beyond it must not be read.
    CHECK(percent_decode(std::string_view("%41", 2), false) == "%4");
}

TEST_CASE("percent_decode on large and random input") {
    CHECK(percent_decode(std::string(1 << 20, '%'), true) == std::string(1 << 20, '%'));
    std::string escaped;
    for (int i = 0; i < 100000; ++i) escaped += "%41";
    CHECK(percent_decode(escaped, false) == std::string(100000, 'A'));

    testing::RandomBytes random({"%", "%4", "%41", "+", "%zz", "a"});
    for (int i = 0; i < 20000; ++i) {
        const std::string input = random.next();
        CHECK(percent_decode(input, true).size() <= input.size());
    }
}

}  // namespace
}  // namespace authapi
