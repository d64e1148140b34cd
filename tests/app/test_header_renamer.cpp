#include <doctest/doctest.h>

#include "header_renamer.hpp"

using namespace authapi;

namespace {

std::string rewrite_in_chunks(const std::string& input, std::size_t chunk) {
    HeaderRenamer renamer;
    std::string out;
    for (std::size_t i = 0; i < input.size(); i += chunk) {
        renamer.rewrite(std::string_view(input).substr(i, chunk), out);
    }
    return out;
}

}  // namespace

TEST_CASE("parsed-by-Pistache headers are renamed, others kept, body untouched") {
    const std::string request =
        "POST /api/v1/auth_session/login HTTP/1.1\r\n"
        "Host: localhost\r\n"
        "cookie: _my_session_id_fake\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: 30\r\n"
        "X-Cookie: kept\r\n"
        "\r\n"
        "Cookie: not a header, the body";
    const std::string expected =
        "POST /api/v1/auth_session/login HTTP/1.1\r\n"
        "X-Raw-Host: localhost\r\n"
        "X-Raw-cookie: _my_session_id_fake\r\n"
        "X-Raw-Content-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: 30\r\n"
        "X-Cookie: kept\r\n"
        "\r\n"
        "Cookie: not a header, the body";
    // Whatever way TCP splits the bytes, the result is the same.
    for (std::size_t chunk : {1u, 2u, 3u, 7u, 13u, 1000u}) {
        CAPTURE(chunk);
        CHECK(rewrite_in_chunks(request, chunk) == expected);
    }
}

TEST_CASE("a new request starts over; bare LF line ends work") {
    HeaderRenamer renamer;
    std::string out;
    renamer.rewrite("GET / HTTP/1.1\nCookie: a\n\n", out);
    CHECK(out == "GET / HTTP/1.1\nX-Raw-Cookie: a\n\n");
    CHECK(renamer.in_body());
    out.clear();
    renamer.rewrite("Cookie: body bytes", out);
    CHECK(out == "Cookie: body bytes");
    renamer.start_request();
    out.clear();
    renamer.rewrite("GET / HTTP/1.1\r\nCOOKIE: b\r\n\r\n", out);
    CHECK(out == "GET / HTTP/1.1\r\nX-Raw-COOKIE: b\r\n\r\n");
}

TEST_CASE("a header name is held back only until it is known") {
    HeaderRenamer renamer;
    std::string out;
    renamer.rewrite("GET / HTTP/1.1\r\nCook", out);
    CHECK(out == "GET / HTTP/1.1\r\n");
    renamer.rewrite("ie: x\r\n", out);
    CHECK(out == "GET / HTTP/1.1\r\nX-Raw-Cookie: x\r\n");
    // A line with no colon, or a very long name, is passed on for the parser to judge.
    out.clear();
    renamer.rewrite(std::string(100, 'a') + "\r\n", out);
    CHECK(out == std::string(100, 'a') + "\r\n");
}

TEST_CASE("is_renamed is case-insensitive and leaves framing headers alone") {
    CHECK(HeaderRenamer::is_renamed("Cookie"));
    CHECK(HeaderRenamer::is_renamed("AUTHORIZATION"));
    CHECK(HeaderRenamer::is_renamed("set-cookie"));
    CHECK_FALSE(HeaderRenamer::is_renamed("Content-Length"));
    CHECK_FALSE(HeaderRenamer::is_renamed("Transfer-Encoding"));
    CHECK_FALSE(HeaderRenamer::is_renamed("Connection"));
    CHECK_FALSE(HeaderRenamer::is_renamed("Cookie "));
    CHECK(raw_header_name("Cookie") == "X-Raw-Cookie");
}

namespace {

std::optional<FramingError> framing_of(const std::string& headers, std::size_t max = 1000) {
    HeaderRenamer renamer(max);
    std::string out;
    renamer.rewrite(headers, out);
    return renamer.framing_error();
}

}  // namespace

TEST_CASE("body framing Pistache would misread is refused before the body") {
    const std::string start = "POST /api/v1/users HTTP/1.1\r\n";
    CHECK_FALSE(framing_of(start + "Content-Length: 10\r\n\r\n"));
    CHECK_FALSE(framing_of(start + "content-length:  10 \r\n\r\n"));
    CHECK_FALSE(framing_of(start + "Content-Length: 10\r\nContent-Length: 10\r\n\r\n"));
    CHECK_FALSE(framing_of(start + "Transfer-Encoding: chunked\r\n\r\n"));
    for (const char* bad :
         {"Content-Length: -1", "Content-Length: 3x", "Content-Length: abc",
          "Content-Length: ", "Content-Length: 99999999999999999999", "Content-Length: 1 2"}) {
        CAPTURE(bad);
        auto error = framing_of(start + bad + "\r\n\r\n");
        REQUIRE(error);
        CHECK(error->status == 400);
    }
    auto conflicting = framing_of(start + "Content-Length: 3\r\nContent-Length: 10\r\n\r\n");
    REQUIRE(conflicting);
    CHECK(conflicting->status == 400);
    auto smuggling = framing_of(start + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n");
    REQUIRE(smuggling);
    CHECK(smuggling->status == 400);
    auto gzip = framing_of(start + "Transfer-Encoding: gzip\r\n\r\n");
    REQUIRE(gzip);
    CHECK(gzip->status == 501);
    auto large = framing_of(start + "Content-Length: 1001\r\n\r\n", 1000);
    REQUIRE(large);
    CHECK(large->status == 413);
    CHECK_FALSE(framing_of(start + "Content-Length: 1000\r\n\r\n", 1000));
    auto huge_headers = framing_of(start + "X-A: " + std::string(2000, 'a') + "\r\n\r\n", 1000);
    REQUIRE(huge_headers);
    CHECK(huge_headers->status == 431);
}

TEST_CASE("once refused, nothing more is passed on; a new request starts clean") {
    HeaderRenamer renamer(1000);
    std::string out;
    renamer.rewrite("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\nGET /x HTTP/1.1\r\n\r\n", out);
    REQUIRE(renamer.framing_error());
    CHECK(out.find("\r\n\r\n") == std::string::npos);  // the header end never reached the parser
    const auto before = out.size();
    renamer.rewrite("more bytes", out);
    CHECK(out.size() == before);
    renamer.start_request();
    CHECK_FALSE(renamer.framing_error());
}

TEST_CASE("target() is the request-target of the current request") {
    HeaderRenamer renamer;
    std::string out;
    renamer.rewrite("POST /api/v1/users?x=1 HTTP/1.1\r\nContent-Length: -1\r\n\r\n", out);
    CHECK(renamer.target() == "/api/v1/users?x=1");
    renamer.start_request();
    CHECK(renamer.target().empty());
    renamer.rewrite("GET", out);
    CHECK(renamer.target().empty());
}
