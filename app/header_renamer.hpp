#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace authapi {

// Pistache parses some request headers inside its HTTP parser, before any of
// our code runs, and answers a bare-text 500 when one of them does not parse
// (`Cookie: foo`, a garbage `Content-Type`). This rewrites the byte stream of
// one connection so those headers reach Pistache as "X-Raw-<Name>", which it
// keeps verbatim, and our own tolerant parsers read them from there.
class HeaderRenamer {
public:
    static constexpr std::string_view kPrefix = "X-Raw-";

    // Appends to `out` the bytes to hand to the HTTP parser. Bytes of a header
    // name that may still need renaming are held back until the ':' arrives.
    void rewrite(std::string_view input, std::string& out);
    // The next byte starts a new request.
    void start_request();
    bool in_body() const { return state_ == State::Body; }

    // True for the headers that are renamed (case-insensitive).
    static bool is_renamed(std::string_view header_name);

private:
    enum class State { RequestLine, LineStart, Name, LineRest, BlankLineCr, Body };
    static constexpr std::size_t kMaxHeldName = 40;

    State state_ = State::RequestLine;
    std::string held_name_;
};

// The request's value of a header that HeaderRenamer moved: "Cookie" is read
// from "X-Raw-Cookie".
std::string raw_header_name(std::string_view header_name);

}  // namespace authapi
