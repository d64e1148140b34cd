#include "header_renamer.hpp"

#include <array>

namespace authapi {

namespace {

// Every request header Pistache 0.0.5 turns into a typed header or a cookie,
// except the three it needs for framing (Content-Length, Transfer-Encoding,
// Connection), whose values it parses without throwing.
constexpr std::array<std::string_view, 17> kRenamed = {
    "cookie",        "set-cookie",
    "content-type",  "accept",
    "authorization", "user-agent",
    "host",          "date",
    "location",      "server",
    "allow",         "cache-control",
    "expect",        "content-encoding",
    "access-control-allow-origin", "access-control-allow-headers",
    "access-control-allow-methods",
};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != b[i]) return false;
    }
    return true;
}

}  // namespace

bool HeaderRenamer::is_renamed(std::string_view header_name) {
    for (auto name : kRenamed) {
        if (iequals(header_name, name)) return true;
    }
    return false;
}

std::string raw_header_name(std::string_view header_name) {
    std::string name(HeaderRenamer::kPrefix);
    name.append(header_name);
    return name;
}

void HeaderRenamer::start_request() {
    state_ = State::RequestLine;
    held_name_.clear();
}

void HeaderRenamer::rewrite(std::string_view input, std::string& out) {
    std::size_t i = 0;
    while (i < input.size()) {
        const char c = input[i];
        switch (state_) {
            case State::Body:
                // Nothing more to rename in this request: pass the rest as is.
                out.append(input.substr(i));
                return;
            case State::RequestLine:
            case State::LineRest:
                out.push_back(c);
                if (c == '\n') state_ = State::LineStart;
                break;
            case State::LineStart:
                if (c == '\r') {
                    out.push_back(c);
                    state_ = State::BlankLineCr;
                } else if (c == '\n') {
                    out.push_back(c);
                    state_ = State::Body;
                } else {
                    held_name_.assign(1, c);
                    state_ = State::Name;
                }
                break;
            case State::BlankLineCr:
                out.push_back(c);
                state_ = c == '\n' ? State::Body : State::LineRest;
                break;
            case State::Name:
                if (c == ':') {
                    if (is_renamed(held_name_)) out.append(kPrefix);
                    out.append(held_name_);
                    out.push_back(c);
                    held_name_.clear();
                    state_ = State::LineRest;
                } else if (c == '\r' || c == '\n' || held_name_.size() >= kMaxHeldName) {
                    // Not a header we rename; let the HTTP parser judge it.
                    out.append(held_name_);
                    held_name_.clear();
                    out.push_back(c);
                    state_ = c == '\n' ? State::LineStart : State::LineRest;
                } else {
                    held_name_.push_back(c);
                }
                break;
        }
        ++i;
    }
}

}  // namespace authapi
