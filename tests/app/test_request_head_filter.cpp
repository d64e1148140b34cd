#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "server/request_head_filter.hpp"

using namespace authapi;

namespace {

// What the filter hands on for `input` split in `chunk`-byte pieces, request
// by request.
std::vector<std::string> rewrite_in_chunks(const std::string& input, std::size_t chunk) {
    RequestHeadFilter filter;
    std::vector<std::string> requests(1);
    for (std::size_t i = 0; i < input.size(); i += chunk) {
        std::string_view piece = std::string_view(input).substr(i, chunk);
        while (!piece.empty()) {
            piece.remove_prefix(filter.rewrite(piece, requests.back()));
            REQUIRE_FALSE(filter.refusal());
            if (filter.request_complete()) {
                filter.start_request();
                requests.emplace_back();
            }
        }
    }
    if (requests.back().empty()) requests.pop_back();
    return requests;
}

}  // namespace

TEST_CASE("Pistache gets a canonical head: our request line, every client field renamed") {
    const std::string request =
        "\r\nPOST /api/v1/auth_session/login HTTP/1.1\r\n"
        "Host: localhost\r\n"
        "cookie:_my_session_id_fake\r\n"
        "Content-Type: \t application/x-www-form-urlencoded  \r\n"
        "Content-Length: 0030\r\n"
        "X-Cookie: kept\r\n"
        "\r\n"
        "Cookie: not a header, the body";
    const std::string expected =
        "POST /api/v1/auth_session/login HTTP/1.1\r\n"
        "@Host: localhost\r\n"
        "@cookie: _my_session_id_fake\r\n"
        "@Content-Type: application/x-www-form-urlencoded\r\n"
        "@X-Cookie: kept\r\n"
        "Content-Length: 30\r\n"
        "\r\n"
        "Cookie: not a header, the body";
    // Whatever way TCP splits the bytes, the result is the same.
    for (std::size_t chunk : {1u, 2u, 3u, 7u, 13u, 1000u}) {
        CAPTURE(chunk);
        CHECK(rewrite_in_chunks(request, chunk) == std::vector<std::string>{expected});
    }
}

TEST_CASE("a head is handed on in one piece, only once complete") {
    RequestHeadFilter filter;
    std::string out;
    const std::string head = "GET /api/v1/status HTTP/1.1\r\nHost: a\r\nX-A: b\r\n";
    CHECK(filter.rewrite(head, out) == head.size());
    CHECK(out.empty());
    CHECK(filter.started());
    CHECK_FALSE(filter.head_complete());
    CHECK(filter.held_bytes() > 0);
    CHECK(filter.rewrite("\r", out) == 1);
    CHECK(out.empty());
    CHECK(filter.rewrite("\nGET", out) == 1);  // stops at the end of this request
    CHECK(out == "GET /api/v1/status HTTP/1.1\r\n@Host: a\r\n@X-A: b\r\n\r\n");
    CHECK(filter.request_complete());
    CHECK(filter.held_bytes() == 0);
}

TEST_CASE("pipelined requests are cut at their boundaries, bodies passed as they are") {
    const std::string first = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
    const std::string second = "GET /b HTTP/1.1\r\nHost: h\r\nCookie: x\r\n\r\n";
    const std::string third = "GET /c HTTP/1.0\r\n\r\n";
    for (std::size_t chunk : {1u, 5u, 1000u}) {
        CAPTURE(chunk);
        const auto requests = rewrite_in_chunks(first + second + third, chunk);
        REQUIRE(requests.size() == 3);
        CHECK(requests[0] == "POST /a HTTP/1.1\r\n@Host: h\r\nContent-Length: 5\r\n\r\nhello");
        CHECK(requests[1] == "GET /b HTTP/1.1\r\n@Host: h\r\n@Cookie: x\r\n\r\n");
        CHECK(requests[2] == third);
    }
}

TEST_CASE("an absolute-form request reaches Pistache in origin-form, with its authority as Host") {
    const auto requests =
        rewrite_in_chunks("GET http://a.example/api/v1/status HTTP/1.1\r\nHost: b\r\n\r\n", 1000);
    CHECK(requests ==
          std::vector<std::string>{"GET /api/v1/status HTTP/1.1\r\n@Host: a.example\r\n\r\n"});
}

TEST_CASE("a refused request hands nothing on, however much of it came") {
    for (const std::string& request :
         {std::string("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello"),
          std::string("GET / HTTP/1.1\r\nHost: h\r\nX-A: b\nContent-Length: 5\r\n\r\nGET /x "
                      "HTTP/1.1\r\n\r\n"),
          std::string("GET / HTTP/1.1\r\nHost: h\r\n@Cookie: a\r\n\r\n")}) {
        CAPTURE(request);
        RequestHeadFilter filter;
        std::string out;
        filter.rewrite(request, out);
        REQUIRE(filter.refusal());
        CHECK(out.empty());
        CHECK(filter.rewrite("more bytes", out) == 0);
        CHECK(out.empty());
        filter.start_request();
        CHECK_FALSE(filter.refusal());
    }
}

TEST_CASE("method() and target() name the current request once its line is read") {
    RequestHeadFilter filter;
    std::string out;
    filter.rewrite("POST /api/v1/users?x=1 HTTP/1.1\r\nContent-Length: -1\r\n\r\n", out);
    REQUIRE(filter.refusal());
    CHECK(filter.method() == "POST");
    CHECK(filter.target() == "/api/v1/users?x=1");
    filter.start_request();
    CHECK(filter.target().empty());
    filter.rewrite("GET /api/v1/st", out);
    CHECK(filter.target().empty());
}

TEST_CASE("Expect: 100-continue is answered once, only while the body is awaited") {
    const std::string head =
        "POST /api/v1/auth_session/login HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n"
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
        filter.rewrite("GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n", out);
        CHECK_FALSE(filter.take_continue_request());
    }
}

TEST_CASE("internal names carry a prefix no client field name can start with") {
    CHECK(internal_field_name("Cookie") == "@Cookie");
    CHECK(RequestHeadFilter::max_canonical_head_bytes(1000) >= 1500);
    // The worst case: the shortest field lines there are.
    std::string head = "GET / HTTP/1.1\r\nHost:\r\n";
    while (head.size() < 990) head += "a:\r\n";
    head += "\r\n";
    HeadLimits limits;
    limits.max_head_bytes = 1000;
    RequestHeadFilter filter(limits);
    std::string out;
    filter.rewrite(head, out);
    REQUIRE(filter.request_complete());
    CHECK(out.size() <= RequestHeadFilter::max_canonical_head_bytes(1000));
}

TEST_CASE("a forwarding field's second line is marked, so that it cannot pass unseen") {
    const std::string request =
        "GET /api/v1/status HTTP/1.1\r\n"
        "Host: h\r\n"
        "X-Forwarded-For: 203.0.113.9\r\n"
        "Forwarded: for=192.0.2.1\r\n"
        "x-forwarded-for: 10.0.0.1\r\n"
        "X-Forwarded-Proto: https\r\n"
        "X-FORWARDED-FOR: 10.0.0.2\r\n"
        "\r\n";
    const std::string expected =
        "GET /api/v1/status HTTP/1.1\r\n"
        "@Host: h\r\n"
        "@X-Forwarded-For: 203.0.113.9\r\n"
        "@Forwarded: for=192.0.2.1\r\n"
        "@@x-forwarded-for: 10.0.0.1\r\n"
        "@X-Forwarded-Proto: https\r\n"
        "@@X-FORWARDED-FOR: 10.0.0.2\r\n"
        "\r\n";
    for (std::size_t chunk : {1u, 5u, 1000u}) {
        CAPTURE(chunk);
        CHECK(rewrite_in_chunks(request, chunk) == std::vector<std::string>{expected});
    }
    // Each request counts its own lines.
    const std::string one = "GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-Host: a.example\r\n\r\n";
    const std::string canonical =
        "GET / HTTP/1.1\r\n@Host: h\r\n@X-Forwarded-Host: a.example\r\n\r\n";
    CHECK(rewrite_in_chunks(one + one, 1000) == std::vector<std::string>{canonical, canonical});
    CHECK(repeated_field_name("Forwarded") == "@@Forwarded");
}
