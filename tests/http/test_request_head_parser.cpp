#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "field_syntax.hpp"
#include "request_head_parser.hpp"

using namespace authapi;

namespace {

struct Recorder final : RequestHeadListener {
    std::string line;
    std::vector<std::pair<std::string, std::string>> fields;
    void request_line(std::string_view method, std::string_view target,
                      std::string_view version) override {
        line = std::string(method) + " " + std::string(target) + " " + std::string(version);
    }
    void field(std::string_view name, std::string_view value) override {
        fields.emplace_back(name, value);
    }
};

// 0 when the head is accepted, else the refusal's status; -1 while incomplete.
int status_of(const std::string& head, HeadLimits limits = {}) {
    RequestHeadParser parser(limits);
    Recorder recorder;
    parser.parse(head, recorder);
    if (parser.refusal()) return parser.refusal()->status;
    return parser.progress() == RequestHeadParser::Progress::Complete ? 0 : -1;
}

const std::string kGet = "GET /api/v1/status HTTP/1.1\r\n";
const std::string kHost = "Host: localhost\r\n";

}  // namespace

TEST_CASE("a well-formed head is accepted and reported part by part") {
    RequestHeadParser parser;
    Recorder recorder;
    const std::string head =
        "POST /api/v1/users?x=%41 HTTP/1.1\r\nHost: localhost:5000\r\nCookie: a=b; c\r\n"
        "X-Empty:\r\nX-Pad: \t spaced value\t \r\nContent-Length: 007\r\n\r\nbody...";
    const std::size_t used = parser.parse(head, recorder);
    CHECK(used == head.find("body"));
    REQUIRE(parser.progress() == RequestHeadParser::Progress::Complete);
    CHECK(recorder.line == "POST /api/v1/users?x=%41 HTTP/1.1");
    const std::vector<std::pair<std::string, std::string>> fields{{"Host", "localhost:5000"},
                                                                  {"Cookie", "a=b; c"},
                                                                  {"X-Empty", ""},
                                                                  {"X-Pad", "spaced value"},
                                                                  {"Content-Length", "007"}};
    CHECK(recorder.fields == fields);
    CHECK(parser.content_length() == 7);
    CHECK(parser.method() == "POST");
    CHECK(parser.target() == "/api/v1/users?x=%41");
}

TEST_CASE("the outcome does not depend on how the bytes are split") {
    const std::string heads[] = {
        kGet + kHost + "X-A: 1\r\n\r\n",
        kGet + kHost + "X-A: b\nContent-Length: 68\r\n\r\n",
        kGet + kHost + "Content-Length : 5\r\n\r\n",
        "\r\n\r\n" + kGet + kHost + "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n",
    };
    for (const std::string& head : heads) {
        CAPTURE(head);
        const int whole = status_of(head);
        for (std::size_t split = 1; split < head.size(); ++split) {
            RequestHeadParser parser;
            Recorder recorder;
            std::size_t used = parser.parse(head.substr(0, split), recorder);
            if (parser.progress() == RequestHeadParser::Progress::Incomplete) {
                CHECK(used == split);
                used += parser.parse(head.substr(split), recorder);
            }
            const int pieces = parser.refusal() ? parser.refusal()->status : 0;
            CHECK(pieces == whole);
        }
    }
}

TEST_CASE("line ends are CRLF only") {
    CHECK(status_of(kGet + kHost + "\r\n") == 0);
    CHECK(status_of("GET /api/v1/status HTTP/1.1\n" + kHost + "\r\n") == 400);
    CHECK(status_of(kGet + "Host: localhost\n\r\n") == 400);
    CHECK(status_of(kGet + kHost + "\n") == 400);
    CHECK(status_of(kGet + kHost + "X-A: b\nContent-Length: 68\r\n\r\n") == 400);
    CHECK(status_of(kGet + kHost + "X-A: b\rContent-Length: 68\r\n\r\n") == 400);
    CHECK(status_of("GET /api/v1/status\r HTTP/1.1\r\n" + kHost + "\r\n") == 400);
    CHECK(status_of("GET /api/v1/status HTTP/1.1\r\r\n" + kHost + "\r\n") == 400);
    // Empty lines before the request line are skipped; a bare LF one is not.
    CHECK(status_of("\r\n\r\n" + kGet + kHost + "\r\n") == 0);
    CHECK(status_of("\n" + kGet + kHost + "\r\n") == 400);
}

TEST_CASE("field lines: token names right before the colon, clean values, no folding") {
    CHECK(status_of(kGet + kHost + "Content-Length : 5\r\n\r\n") == 400);
    CHECK(status_of(kGet + kHost + "X-A\t: 5\r\n\r\n") == 400);
    CHECK(status_of(kGet + kHost + " X-A: 5\r\n\r\n") == 400);
    CHECK(status_of(kGet + kHost + "X-A: 5\r\n folded\r\n\r\n") == 400);
    CHECK(status_of(kGet + kHost + "X-A: 5\r\n\tfolded\r\n\r\n") == 400);
    CHECK(status_of(kGet + " " + kHost + "\r\n") == 400);
    CHECK(status_of(kGet + kHost + "no colon here\r\n\r\n") == 400);
    CHECK(status_of(kGet + kHost + ": no name\r\n\r\n") == 400);
    CHECK(status_of(kGet + kHost + "X(A): 1\r\n\r\n") == 400);
    CHECK(status_of(kGet + kHost + "\x0bTransfer-Encoding: chunked\r\n\r\n") == 400);
    CHECK(status_of(kGet + kHost + "@Cookie: a=b\r\n\r\n") == 400);
    CHECK(status_of(kGet + kHost + std::string("X-A: a\0b\r\n\r\n", 12)) == 400);
    CHECK(status_of(kGet + kHost +
                    "X-A: a\x01"
                    "b\r\n\r\n") == 400);
    CHECK(status_of(kGet + kHost + "X-A: a\x7f\r\n\r\n") == 400);
    // HTAB, SP and obs-text are field-value characters.
    CHECK(status_of(kGet + kHost + "X-A: a\tb c \xc3\xa9\xff\r\n\r\n") == 0);
}

TEST_CASE("Host: exactly one on HTTP/1.1, at most one on HTTP/1.0, well-formed") {
    CHECK(status_of(kGet + "\r\n") == 400);
    CHECK(status_of(kGet + kHost + kHost + "\r\n") == 400);
    CHECK(status_of(kGet + kHost + "host: other\r\n\r\n") == 400);
    CHECK(status_of("GET /api/v1/status HTTP/1.0\r\n\r\n") == 0);
    CHECK(status_of("GET /api/v1/status HTTP/1.0\r\n" + kHost + kHost + "\r\n") == 400);
    for (const char* host : {"", "localhost", "a.example:8080", "127.0.0.1:5000", "[::1]:5000",
                             "[2001:db8::1]", "xn--e1afmkfd.example", "under_score.example"}) {
        CAPTURE(host);
        CHECK(status_of(kGet + "Host: " + host + "\r\n\r\n") == 0);
    }
    // One Host grammar for the whole server (parse_host_and_port).
    for (const char* host : {"a b", "a/b", "user@host", "a:b:c", "[::1", "[]", "a:123456", "a%41b",
                             "a:", "h\xc3\xa9", "a,b"}) {
        CAPTURE(host);
        CHECK(status_of(kGet + "Host: " + host + "\r\n\r\n") == 400);
    }
}

TEST_CASE("the request line: shape, version, method, target") {
    auto line = [](const std::string& text) { return status_of(text + "\r\n" + kHost + "\r\n"); };
    CHECK(line("GET /api/v1/status HTTP/1.1") == 0);
    CHECK(line("DELETE /x HTTP/1.0") == 0);
    CHECK(line("OPTIONS * HTTP/1.1") == 0);
    CHECK(line("GET * HTTP/1.1") == 400);
    CHECK(line("GARBAGE") == 400);
    CHECK(line("GET") == 400);
    CHECK(line("GET /x") == 400);
    CHECK(line("GET  /x HTTP/1.1") == 400);
    CHECK(line("GET /x  HTTP/1.1") == 400);
    CHECK(line("GET\t/x HTTP/1.1") == 400);
    CHECK(line("GET /x HTTP/1.1 extra") == 400);
    CHECK(line(" GET /x HTTP/1.1") == 400);
    CHECK(line("G(T /x HTTP/1.1") == 400);
    CHECK(line("GET /\x01 HTTP/1.1") == 400);
    CHECK(line("GET /a\"b HTTP/1.1") == 400);
    CHECK(line("GET /a#frag HTTP/1.1") == 400);
    CHECK(line("GET /%zz HTTP/1.1") == 400);
    CHECK(line("GET /%4 HTTP/1.1") == 400);
    CHECK(line("GET /caf\xc3\xa9 HTTP/1.1") == 400);
    CHECK(line("GET x HTTP/1.1") == 400);
    CHECK(line("BREW /pot HTTP/1.1") == 501);
    CHECK(line("get /x HTTP/1.1") == 501);  // methods are case-sensitive
    CHECK(line("CONNECT a.example:443 HTTP/1.1") == 501);
    CHECK(line("GET /x HTTP/2.0") == 505);
    CHECK(line("GET /x HTTP/0.9") == 505);
    CHECK(line("GET /x http/1.1") == 400);
    CHECK(line("GET /x HTTP/1.10") == 400);
    CHECK(line("GET /x FTP/1.0") == 400);
    CHECK(line("GET /" + std::string(9000, 'a') + " HTTP/1.1") == 414);
}

TEST_CASE("an absolute-form target becomes origin-form, and its authority the Host") {
    RequestHeadParser parser;
    Recorder recorder;
    parser.parse("GET http://api.example:8080/api/v1/status?x=1 HTTP/1.1\r\nHost: other\r\n\r\n",
                 recorder);
    REQUIRE(parser.progress() == RequestHeadParser::Progress::Complete);
    CHECK(recorder.line == "GET /api/v1/status?x=1 HTTP/1.1");
    REQUIRE(recorder.fields.size() == 1);
    CHECK(recorder.fields[0].second == "api.example:8080");
    CHECK(parser.target() == "/api/v1/status?x=1");

    auto line = [](const std::string& text) { return status_of(text + "\r\n" + kHost + "\r\n"); };
    CHECK(line("GET HTTPS://a.example HTTP/1.1") == 0);
    CHECK(line("GET http://a.example?q HTTP/1.1") == 0);
    CHECK(line("GET http://user@a.example/ HTTP/1.1") == 400);
    CHECK(line("GET http:///x HTTP/1.1") == 400);
    CHECK(line("GET ftp://a.example/ HTTP/1.1") == 400);
    CHECK(line("GET http://a b/ HTTP/1.1") == 400);
    // Still needs its Host field on HTTP/1.1.
    CHECK(status_of("GET http://a.example/ HTTP/1.1\r\n\r\n") == 400);
}

TEST_CASE("Content-Length: digits only, every copy the same, within the body limit") {
    HeadLimits limits;
    limits.max_body_bytes = 1000;
    auto with = [&](const std::string& fields) {
        return status_of(kGet + kHost + fields + "\r\n", limits);
    };
    CHECK(with("Content-Length: 10\r\n") == 0);
    CHECK(with("content-length:  10 \r\n") == 0);
    CHECK(with("Content-Length: 0010\r\n") == 0);
    CHECK(with("Content-Length: 10\r\nContent-Length: 10\r\n") == 0);
    CHECK(with("Content-Length: 1000\r\n") == 0);
    for (const char* bad :
         {"Content-Length: -1", "Content-Length: +5", "Content-Length: 3x", "Content-Length: abc",
          "Content-Length: ", "Content-Length: 1 2", "Content-Length: 5, 5", "Content-Length: 5,",
          "Content-Length: 0x10", "Content-Length: 1e3"}) {
        CAPTURE(bad);
        CHECK(with(std::string(bad) + "\r\n") == 400);
    }
    CHECK(with("Content-Length: 3\r\nContent-Length: 10\r\n") == 400);
    CHECK(with("Content-Length: 1001\r\n") == 413);
    CHECK(with("Content-Length: 99999999999999999999\r\n") == 413);
}

TEST_CASE("Transfer-Encoding is never taken, with the status RFC 9112 calls for") {
    auto with = [](const std::string& fields) { return status_of(kGet + kHost + fields + "\r\n"); };
    CHECK(with("Transfer-Encoding: chunked\r\n") == 411);
    CHECK(with("Transfer-Encoding:\tchunked\r\n") == 411);
    CHECK(with("Transfer-Encoding: CHUNKED\r\n") == 411);
    CHECK(with("Transfer-Encoding: , chunked\r\n") == 411);
    CHECK(with("Transfer-Encoding: gzip, chunked\r\n") == 501);
    CHECK(with("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n") == 501);
    CHECK(with("Transfer-Encoding: chunked, identity\r\n") == 400);
    CHECK(with("Transfer-Encoding: gzip\r\n") == 400);
    CHECK(with("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n") == 400);
    CHECK(with("Transfer-Encoding: chunked, chunked\r\n") == 400);
    CHECK(with("Transfer-Encoding: chunked;x=1\r\n") == 400);
    CHECK(with("Transfer-Encoding: \"chunked\"\r\n") == 400);
    CHECK(with("Transfer-Encoding: \r\n") == 400);
    CHECK(with("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n") == 400);
    CHECK(with("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n") == 400);
    CHECK(status_of("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") == 400);
}

TEST_CASE("the head's size is bounded while it arrives") {
    HeadLimits limits;
    limits.max_head_bytes = 1000;
    RequestHeadParser parser(limits);
    Recorder recorder;
    parser.parse(kGet + kHost, recorder);
    CHECK(parser.progress() == RequestHeadParser::Progress::Incomplete);
    // An unfinished line is refused as soon as it would go over, not later.
    parser.parse("X-Pad: " + std::string(2000, 'a'), recorder);
    REQUIRE(parser.refusal());
    CHECK(parser.refusal()->status == 431);
    CHECK(parser.held_bytes() < 1000);
    CHECK(status_of(kGet + kHost + "X-Pad: " + std::string(900, 'a') + "\r\n\r\n", limits) == 0);
    CHECK(status_of(kGet + kHost + "X-Pad: " + std::string(990, 'a') + "\r\n\r\n", limits) == 431);
    CHECK(status_of(std::string(2000, '\r'), limits) == 431);
}

TEST_CASE("Expect: 100-continue is noted on HTTP/1.1 only") {
    RequestHeadParser parser;
    Recorder recorder;
    parser.parse(kGet + kHost + "Expect: 100-Continue\r\nContent-Length: 5\r\n\r\n", recorder);
    CHECK(parser.expects_continue());
    parser.reset();
    parser.parse("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n", recorder);
    CHECK_FALSE(parser.expects_continue());
}

TEST_CASE("after reset() the parser reads a new head") {
    RequestHeadParser parser;
    Recorder recorder;
    parser.parse(kGet + "\r\n", recorder);
    REQUIRE(parser.refusal());
    parser.reset();
    CHECK_FALSE(parser.refusal());
    CHECK(parser.method().empty());
    parser.parse(kGet + kHost + "\r\n", recorder);
    CHECK(parser.progress() == RequestHeadParser::Progress::Complete);
}

TEST_CASE("response fields: token names, no CR, LF, NUL or other controls in values") {
    CHECK(is_response_field("Access-Control-Allow-Origin", "http://a.example"));
    CHECK(is_response_field("X-A", "a\tb c"));
    CHECK_FALSE(is_response_field("X-A", "a\nX-Injected: yes"));
    CHECK_FALSE(is_response_field("X-A", "a\rb"));
    CHECK_FALSE(is_response_field("X-A", std::string("a\0b", 3)));
    CHECK_FALSE(is_response_field("X A", "b"));
    CHECK_FALSE(is_response_field("", "b"));
}
