#include <doctest/doctest.h>

#include <vector>

#include "request_head_filter.hpp"

using namespace authapi;

namespace {

std::string rewrite_in_chunks(const std::string& input, std::size_t chunk) {
    RequestHeadFilter filter;
    std::string out;
    for (std::size_t i = 0; i < input.size(); i += chunk) {
        filter.rewrite(std::string_view(input).substr(i, chunk), out);
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
    RequestHeadFilter filter;
    std::string out;
    const std::string head = "POST / HTTP/1.1\nContent-Length: 18\nCookie: a\n\n";
    CHECK(filter.rewrite(head, out) == head.size());
    CHECK(out == "POST / HTTP/1.1\nContent-Length: 18\nX-Raw-Cookie: a\n\n");
    CHECK_FALSE(filter.request_complete());
    out.clear();
    CHECK(filter.rewrite("Cookie: body bytes", out) == 18);
    CHECK(out == "Cookie: body bytes");  // a body is never rewritten
    CHECK(filter.request_complete());
    filter.start_request();
    out.clear();
    filter.rewrite("GET / HTTP/1.1\r\nCOOKIE: b\r\n\r\n", out);
    CHECK(out == "GET / HTTP/1.1\r\nX-Raw-COOKIE: b\r\n\r\n");
    CHECK(filter.request_complete());
}

TEST_CASE("pipelined requests are cut at their boundaries") {
    const std::string first = "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
    const std::string second = "GET /b HTTP/1.1\r\nCookie: x\r\n\r\n";
    const std::string third = "GET /c HTTP/1.1\r\n\r\n";
    const std::string stream = first + second + third;
    RequestHeadFilter filter;
    std::vector<std::string> requests;
    std::string_view input(stream);
    while (!input.empty()) {
        std::string out;
        input.remove_prefix(filter.rewrite(input, out));
        REQUIRE(filter.request_complete());
        requests.push_back(out);
        filter.start_request();
    }
    REQUIRE(requests.size() == 3);
    CHECK(requests[0] == first);
    CHECK(requests[1] == "GET /b HTTP/1.1\r\nX-Raw-Cookie: x\r\n\r\n");
    CHECK(requests[2] == third);
}

TEST_CASE("a chunked body is refused before any of it is passed on") {
    RequestHeadFilter filter;
    std::string out;
    filter.rewrite("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", out);
    REQUIRE(filter.framing_error());
    CHECK(filter.framing_error()->status == 411);
    CHECK(out.find("hello") == std::string::npos);
}

TEST_CASE("a header name is held back only until it is known") {
    RequestHeadFilter filter;
    std::string out;
    filter.rewrite("GET / HTTP/1.1\r\nCook", out);
    CHECK(out == "GET / HTTP/1.1\r\n");
    filter.rewrite("ie: x\r\n", out);
    CHECK(out == "GET / HTTP/1.1\r\nX-Raw-Cookie: x\r\n");
    // A line with no colon, or a very long name, is passed on for the parser to judge.
    out.clear();
    filter.rewrite(std::string(100, 'a') + "\r\n", out);
    CHECK(out == std::string(100, 'a') + "\r\n");
}

TEST_CASE("is_renamed is case-insensitive and leaves framing headers alone") {
    CHECK(RequestHeadFilter::is_renamed("Cookie"));
    CHECK(RequestHeadFilter::is_renamed("AUTHORIZATION"));
    CHECK(RequestHeadFilter::is_renamed("set-cookie"));
    CHECK_FALSE(RequestHeadFilter::is_renamed("Content-Length"));
    CHECK_FALSE(RequestHeadFilter::is_renamed("Transfer-Encoding"));
    CHECK_FALSE(RequestHeadFilter::is_renamed("Connection"));
    CHECK_FALSE(RequestHeadFilter::is_renamed("Cookie "));
    CHECK(raw_header_name("Cookie") == "X-Raw-Cookie");
}

namespace {

std::optional<FramingError> framing_of(const std::string& headers, std::size_t max = 1000) {
    RequestHeadFilter filter(max);
    std::string out;
    filter.rewrite(headers, out);
    return filter.framing_error();
}

}  // namespace

TEST_CASE("body framing Pistache would misread is refused before the body") {
    const std::string start = "POST /api/v1/users HTTP/1.1\r\n";
    CHECK_FALSE(framing_of(start + "Content-Length: 10\r\n\r\n"));
    CHECK_FALSE(framing_of(start + "content-length:  10 \r\n\r\n"));
    CHECK_FALSE(framing_of(start + "Content-Length: 10\r\nContent-Length: 10\r\n\r\n"));
    auto chunked = framing_of(start + "Transfer-Encoding: chunked\r\n\r\n");
    REQUIRE(chunked);
    CHECK(chunked->status == 411);  // Pistache's chunk parser reads past its buffer
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
    RequestHeadFilter filter(1000);
    std::string out;
    filter.rewrite("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\nGET /x HTTP/1.1\r\n\r\n", out);
    REQUIRE(filter.framing_error());
    CHECK(out.find("\r\n\r\n") == std::string::npos);  // the header end never reached the parser
    const auto before = out.size();
    filter.rewrite("more bytes", out);
    CHECK(out.size() == before);
    filter.start_request();
    CHECK_FALSE(filter.framing_error());
}

TEST_CASE("target() is the request-target of the current request") {
    RequestHeadFilter filter;
    std::string out;
    filter.rewrite("POST /api/v1/users?x=1 HTTP/1.1\r\nContent-Length: -1\r\n\r\n", out);
    CHECK(filter.target() == "/api/v1/users?x=1");
    filter.start_request();
    CHECK(filter.target().empty());
    filter.rewrite("GET", out);
    CHECK(filter.target().empty());
}

TEST_CASE("the request line is checked before Pistache sees it") {
    auto status_of = [](const std::string& line) -> int {
        RequestHeadFilter filter;
        std::string out;
        filter.rewrite(line + "\r\n\r\n", out);
        return filter.framing_error() ? filter.framing_error()->status : 0;
    };
    CHECK(status_of("GET /api/v1/status HTTP/1.1") == 0);
    CHECK(status_of("DELETE /x HTTP/1.0") == 0);
    CHECK(status_of("GARBAGE") == 400);
    CHECK(status_of("GET") == 400);
    CHECK(status_of("GET /x") == 400);
    CHECK(status_of("GET  /x HTTP/1.1") == 400);
    CHECK(status_of("GET /x HTTP/1.1 extra") == 400);
    CHECK(status_of("G(T /x HTTP/1.1") == 400);
    CHECK(status_of(std::string("GET /\x01 HTTP/1.1")) == 400);
    CHECK(status_of("BREW /pot HTTP/1.1") == 501);
    CHECK(status_of("get /x HTTP/1.1") == 501);  // methods are case-sensitive
    CHECK(status_of("GET /x HTTP/2.0") == 505);
    CHECK(status_of("GET /x FTP/1.0") == 400);
    CHECK(status_of("GET /" + std::string(9000, 'a') + " HTTP/1.1") == 414);
}

TEST_CASE("the request line is held back until complete; a leading empty line is skipped") {
    RequestHeadFilter filter;
    std::string out;
    filter.rewrite("\r\nGET /api/v1/st", out);
    CHECK(out.empty());
    filter.rewrite("atus HTTP/1.1\r\n", out);
    CHECK(out == "GET /api/v1/status HTTP/1.1\r\n");
    CHECK(filter.target() == "/api/v1/status");
}

TEST_CASE("Expect: 100-continue is answered once, only while the body is awaited") {
    const std::string head =
        "POST /api/v1/auth_session/login HTTP/1.1\r\nContent-Length: 5\r\n"
        "Expect: 100-continue\r\n\r\n";
    {
        RequestHeadFilter filter;
        std::string out;
        filter.rewrite(head, out);
        CHECK(filter.take_continue_request());
        CHECK_FALSE(filter.take_continue_request());
    }
    {
        RequestHeadFilter filter;  // the body came along without waiting
        std::string out;
        filter.rewrite(head + "a=b&c", out);
        CHECK_FALSE(filter.take_continue_request());
    }
    {
        RequestHeadFilter filter;  // no body, nothing to wait for
        std::string out;
        filter.rewrite("GET / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n", out);
        CHECK_FALSE(filter.take_continue_request());
    }
    {
        RequestHeadFilter filter;
        std::string out;
        filter.rewrite("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n", out);
        CHECK_FALSE(filter.take_continue_request());
    }
}

TEST_CASE("a forwarding header's second line is marked, so that it cannot pass unseen") {
    const std::string request =
        "GET /api/v1/status HTTP/1.1\r\n"
        "X-Forwarded-For: 203.0.113.9\r\n"
        "Forwarded: for=192.0.2.1\r\n"
        "x-forwarded-for: 10.0.0.1\r\n"
        "X-Forwarded-Proto: https\r\n"
        "X-FORWARDED-FOR: 10.0.0.2\r\n"
        "\r\n";
    const std::string expected =
        "GET /api/v1/status HTTP/1.1\r\n"
        "X-Forwarded-For: 203.0.113.9\r\n"
        "Forwarded: for=192.0.2.1\r\n"
        "X-Raw-Repeated-x-forwarded-for: 10.0.0.1\r\n"
        "X-Forwarded-Proto: https\r\n"
        "X-Raw-Repeated-X-FORWARDED-FOR: 10.0.0.2\r\n"
        "\r\n";
    for (std::size_t chunk : {1u, 5u, 1000u}) {
        CAPTURE(chunk);
        CHECK(rewrite_in_chunks(request, chunk) == expected);
    }
    // Each request counts its own lines.
    RequestHeadFilter filter;
    std::string out;
    const std::string one = "GET / HTTP/1.1\r\nX-Forwarded-Host: a.example\r\n\r\n";
    filter.rewrite(one, out);
    filter.start_request();
    out.clear();
    filter.rewrite(one, out);
    CHECK(out == one);
    CHECK(repeated_header_name("Forwarded") == "X-Raw-Repeated-Forwarded");
}
