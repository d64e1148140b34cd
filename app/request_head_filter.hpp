#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authapi {

// Why a request is refused before Pistache parses it.
struct FramingError {
    int status;           // 400, 411, 413, 414, 431, 501 or 505
    const char* message;  // the JSON error text
};

// Pistache parses some request headers inside its HTTP parser, before any of
// our code runs, and answers a bare-text 500 when one of them does not parse
// (`Cookie: foo`, a garbage `Content-Type`, `Content-Length: -1`). This
// rewrites the byte stream of one connection so those headers reach Pistache
// as "X-Raw-<Name>", which it keeps verbatim, and our own tolerant parsers
// read them from there. It also checks what Pistache would misread or
// answer in plain text: the request line (held back until complete), and
// the body framing headers, so that a bad or oversized request is refused
// before any of its body is read (see framing_error()).
class RequestHeadFilter {
public:
    static constexpr std::string_view kPrefix = "X-Raw-";
    // Before the second and later lines of a forwarding header (Forwarded,
    // X-Forwarded-For, -Proto, -Host): Pistache keeps only one line per
    // name, and who reads these must know there were several.
    static constexpr std::string_view kRepeatedPrefix = "X-Raw-Repeated-";

    // `max_bytes` bounds the header section and, separately, the body.
    explicit RequestHeadFilter(std::size_t max_bytes = 64 * 1024) : max_bytes_(max_bytes) {}

    // Appends to `out` the bytes of the current request to hand to the HTTP
    // parser, and returns how many bytes of `input` they took. The request
    // line is held back until it is complete and checked, and a header name
    // that may need renaming until its ':' arrives. It stops at the end of
    // the request (request_complete()), so that pipelined requests reach the
    // parser one at a time. Once framing_error() is set nothing more is
    // appended.
    std::size_t rewrite(std::string_view input, std::string& out);
    // The next byte starts a new request.
    void start_request();
    // The whole current request (head and body) has been passed on.
    bool request_complete() const { return state_ == State::Complete; }
    // In a chunked body, whose end only the HTTP parser finds.
    bool in_chunked_body() const { return state_ == State::Body && !body_remaining_; }
    // Set when the headers just completed announce a body Pistache must not
    // parse: the connection should get this answer and be closed.
    const std::optional<FramingError>& framing_error() const { return framing_error_; }
    // The request-target of the current request, as far as it was seen
    // (bounded): enough for a refusal to know whether it was for the API.
    std::string_view target() const;
    // True once per request whose client sent "Expect: 100-continue" and
    // waits for a "100 Continue" before sending the body (curl does, for
    // bodies over 1 KiB): Pistache never sends one.
    bool take_continue_request();

    // True for the headers that are renamed (case-insensitive).
    static bool is_renamed(std::string_view header_name);

private:
    enum class State {
        RequestLine,
        LineStart,
        Name,
        LineRest,
        BlankLineCr,
        Body,
        Complete,
        Refused
    };
    enum class Captured { None, ContentLength, TransferEncoding, Expect };
    static constexpr std::size_t kMaxHeldName = 40;
    static constexpr std::size_t kMaxCapturedValue = 64;
    static constexpr std::size_t kMaxRequestLine = 8 * 1024;

    void end_of_request_line(std::string& out);
    void end_of_name(std::string& out);
    void end_of_headers();

    std::size_t max_bytes_;
    std::size_t header_bytes_ = 0;
    State state_ = State::RequestLine;
    std::string held_name_;
    std::string request_line_;
    Captured capturing_ = Captured::None;
    std::vector<std::string> content_lengths_;
    std::vector<std::string> transfer_encodings_;
    std::string expect_;
    bool continue_requested_ = false;
    std::size_t body_bytes_ = 0;
    std::optional<std::uint64_t> body_remaining_;  // unknown for a chunked body
    std::optional<FramingError> framing_error_;
    unsigned forwarding_headers_seen_ = 0;  // one bit per forwarding header name
};

// The request's value of a header that RequestHeadFilter moved: "Cookie" is read
// from "X-Raw-Cookie".
std::string raw_header_name(std::string_view header_name);
// The name under which the second line of forwarding header `header_name` arrives.
std::string repeated_header_name(std::string_view header_name);

}  // namespace authapi
