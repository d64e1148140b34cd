#include <doctest/doctest.h>

#include <string>

#include "cookie_header.hpp"
#include "random_bytes.hpp"

namespace authapi {
namespace {

constexpr std::string_view kSession = "_my_session_id";

TEST_CASE("find_cookie: the task's cookies") {
    CHECK(find_cookie("_my_session_id=C is fun", kSession) == "C is fun");
    CHECK_FALSE(find_cookie("_my_session_id_fake", kSession).has_value());
    CHECK_FALSE(find_cookie("_my_session_id_fake=abc", kSession).has_value());
    CHECK(find_cookie("_my_session_id=Hello", kSession) == "Hello");
}

TEST_CASE("find_cookie: separators and whitespace") {
    CHECK(find_cookie("a=1; _my_session_id=Hello", kSession) == "Hello");
    CHECK(find_cookie("a=1;_my_session_id=Z", kSession) == "Z");
    CHECK(find_cookie("  _my_session_id \t=  spaced value \t ; b=2", kSession) == "spaced value");
    CHECK(find_cookie("_my_session_id=abc==; x=1", kSession) == "abc==");
    CHECK(find_cookie("a=1; b=2", "b") == "2");
    CHECK(find_cookie("a=1;", "a") == "1");
}

TEST_CASE("find_cookie: empty and missing values") {
    CHECK(find_cookie("_my_session_id=", kSession) == "");
    CHECK(find_cookie("_my_session_id=  ; a=1", kSession) == "");
    CHECK_FALSE(find_cookie("", kSession).has_value());
    CHECK_FALSE(find_cookie(";;", kSession).has_value());
    CHECK_FALSE(find_cookie("a=1", "").has_value());
    CHECK_FALSE(find_cookie("=abc", "").has_value());
    CHECK_FALSE(find_cookie("=abc", "abc").has_value());
}

TEST_CASE("find_cookie: pairs without '=' are skipped, never an error") {
    CHECK(find_cookie("_my_session_id=ok; flag", kSession) == "ok");
    CHECK(find_cookie("flag; _my_session_id=ok", kSession) == "ok");
    CHECK(find_cookie("_my_session_id; _my_session_id=later", kSession) == "later");
    CHECK(find_cookie("; a=1", "a") == "1");
    CHECK_FALSE(find_cookie("_my_session_id", kSession).has_value());
}

TEST_CASE("find_cookie: the first occurrence wins and names are case-sensitive") {
    CHECK(find_cookie("s=first; s=second; id=A; id=B", "s") == "first");
    CHECK(find_cookie("s=first; s=second; id=A; id=B", "id") == "A");
    CHECK_FALSE(find_cookie("_MY_SESSION_ID=x", kSession).has_value());
    CHECK_FALSE(find_cookie("x_my_session_id=1; _my_session_idx=2", kSession).has_value());
}

TEST_CASE("find_cookie: quoted values, as Werkzeug unquotes them") {
    CHECK(find_cookie("_my_session_id=\"quoted val\"", kSession) == "quoted val");
    CHECK(find_cookie("id=\"a\\\"b\\\\c\"", "id") == "a\"b\\c");
    CHECK(find_cookie("id=\"a;b\"; c=1", "id") == "a;b");
    CHECK(find_cookie("id=\"a;b\"; c=1", "c") == "1");
    CHECK(find_cookie("id=\"\\101\\102\"", "id") == "AB");  // octal escapes
    CHECK(find_cookie("id=\"\\400\"", "id") == "400");      // not octal: first digit > 3
    CHECK(find_cookie("id=\"\\000\"", "id") == std::string(1, '\0'));
    CHECK(find_cookie("id=\"\"", "id") == "");
    CHECK(find_cookie("id=\"", "id") == "\"");             // a lone quote stays
    CHECK(find_cookie("id=\"abc; x=1", "id") == "\"abc");  // unterminated: up to ';'
    CHECK(find_cookie("id=\"abc; x=1", "x") == "1");
    CHECK(find_cookie("id=\"a\" b; x=1", "id") == "\"a\" b");  // junk after the quote
    CHECK(find_cookie("id=\"a\"b\"", "id") == "a\"b");
    CHECK(find_cookie("id=\"abc\\", "id") == "\"abc\\");
    CHECK(find_cookie("\"id\"=v", "id") == "v");  // Werkzeug unquotes names too
}

TEST_CASE("find_cookie: NUL bytes and control characters are just bytes") {
    const std::string header("a=1\0; id=x\0y", 12);
    CHECK(find_cookie(header, "a") == std::string("1\0", 2));
    CHECK(find_cookie(header, "id") == std::string("x\0y", 3));
    CHECK(find_cookie("id=\x01\xFF", "id") == "\x01\xFF");
}

TEST_CASE("find_cookie: large and random headers") {
    std::string header;
    for (int i = 0; i < 100000; ++i) header += "x=1; flag; ";
    header += "_my_session_id=found";
    CHECK(find_cookie(header, kSession) == "found");
    CHECK(find_cookie(std::string(1 << 20, ';'), kSession) == std::nullopt);
    CHECK(find_cookie(std::string(1 << 20, '"'), kSession) == std::nullopt);
    CHECK(find_cookie("_my_session_id=" + std::string(100000, '\\'), kSession) ==
          std::string(100000, '\\'));

    testing::RandomBytes random({"_my_session_id", "=", ";", " ", "\"", "\\", "\\1", "a"});
    for (int i = 0; i < 50000; ++i) {
        const std::string input = random.next();
        const auto value = find_cookie(input, kSession);
        if (value) CHECK(value->size() <= input.size());
    }
}

}  // namespace
}  // namespace authapi
