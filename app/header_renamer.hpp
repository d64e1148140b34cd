#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authapi {

// Why a request is refused before Pistache sees its body.
struct FramingError {
    int status;           // 400, 413, 431 or 501
    const char* message;  // the JSON error text
};

// Pistache parses some request headers inside its HTTP parser, before any of
// our code runs, and answers a bare-text 500 when one of them does not parse
// (`Cookie: foo`, a garbage `Content-Type`, `Content-Length: -1`). This
// rewrites the byte stream of one connection so those headers reach Pistache
// as "X-Raw-<Name>", which it keeps verbatim, and our own tolerant parsers
// read them from there. It also checks the body framing headers Pistache
// must keep, so that a bad or oversized one is refused before any body byte
// is read (see framing_error()).
class HeaderRenamer {
public:
    static constexpr std::string_view kPrefix = "X-Raw-";

    // `max_bytes` bounds the header section and, separately, the body.
    explicit HeaderRenamer(std::size_t max_bytes = 64 * 1024) : max_bytes_(max_bytes) {}

    // Appends to `out` the bytes to hand to the HTTP parser. Bytes of a header
    // name that may still need renaming are held back until the ':' arrives.
    // Once framing_error() is set nothing more is appended.
    void rewrite(std::string_view input, std::string& out);
    // The next byte starts a new request.
    void start_request();
    bool in_body() const { return state_ == State::Body; }
    // Set when the headers just completed announce a body Pistache must not
    // parse: the connection should get this answer and be closed.
    const std::optional<FramingError>& framing_error() const { return framing_error_; }
    // The request-target of the current request, as far as it was seen
    // (bounded): enough for a refusal to know whether it was for the API.
    std::string_view target() const;

    // True for the headers that are renamed (case-insensitive).
    static bool is_renamed(std::string_view header_name);

private:
    enum class State { RequestLine, LineStart, Name, LineRest, BlankLineCr, Body, Refused };
    enum class Captured { None, ContentLength, TransferEncoding };
    static constexpr std::size_t kMaxHeldName = 40;
    static constexpr std::size_t kMaxCapturedValue = 64;
    static constexpr std::size_t kMaxRequestLine = 256;

    void end_of_name(std::string& out);
    void end_of_headers();

    std::size_t max_bytes_;
    std::size_t header_bytes_ = 0;
    State state_ = State::RequestLine;
    std::string held_name_;
    std::string request_line_;  // bounded prefix
    Captured capturing_ = Captured::None;
    std::vector<std::string> content_lengths_;
    std::vector<std::string> transfer_encodings_;
    std::optional<FramingError> framing_error_;
};

// The request's value of a header that HeaderRenamer moved: "Cookie" is read
// from "X-Raw-Cookie".
std::string raw_header_name(std::string_view header_name);

}  // namespace authapi
