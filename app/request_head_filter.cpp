#include "request_head_filter.hpp"

#include <algorithm>
#include <array>

#include "http/ascii_text.hpp"

namespace authapi {

namespace {

// Every request header Pistache 0.0.5 turns into a typed header or a cookie,
// except the three it needs for framing (Content-Length, Transfer-Encoding,
// Connection), whose values it parses without throwing.
constexpr std::array<std::string_view, 17> kRenamed = {
    "cookie",
    "set-cookie",
    "content-type",
    "accept",
    "authorization",
    "user-agent",
    "host",
    "date",
    "location",
    "server",
    "allow",
    "cache-control",
    "expect",
    "content-encoding",
    "access-control-allow-origin",
    "access-control-allow-headers",
    "access-control-allow-methods",
};

constexpr std::array<std::string_view, 4> kForwarding = {
    "forwarded",
    "x-forwarded-for",
    "x-forwarded-proto",
    "x-forwarded-host",
};

// 1 << index in kForwarding, or 0 for any other name.
unsigned forwarding_header_bit(std::string_view header_name) {
    for (std::size_t i = 0; i < kForwarding.size(); ++i) {
        if (ascii_equal_ignoring_case(header_name, kForwarding[i])) return 1u << i;
    }
    return 0;
}

}  // namespace

bool RequestHeadFilter::is_renamed(std::string_view header_name) {
    for (auto name : kRenamed) {
        if (ascii_equal_ignoring_case(header_name, name)) return true;
    }
    return false;
}

std::string raw_header_name(std::string_view header_name) {
    std::string name(RequestHeadFilter::kPrefix);
    name.append(header_name);
    return name;
}

std::string repeated_header_name(std::string_view header_name) {
    std::string name(RequestHeadFilter::kRepeatedPrefix);
    name.append(header_name);
    return name;
}

void RequestHeadFilter::start_request() {
    state_ = State::RequestLine;
    held_name_.clear();
    request_line_.clear();
    header_bytes_ = 0;
    capturing_ = Captured::None;
    content_lengths_.clear();
    transfer_encodings_.clear();
    expect_.clear();
    continue_requested_ = false;
    body_bytes_ = 0;
    body_remaining_.reset();
    framing_error_.reset();
    forwarding_headers_seen_ = 0;
}

bool RequestHeadFilter::take_continue_request() {
    // Once some body is here the client has stopped waiting.
    const bool send = continue_requested_ && body_bytes_ == 0;
    continue_requested_ = false;
    return send;
}

void RequestHeadFilter::end_of_request_line(std::string& out) {
    std::string_view line(request_line_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
        // An empty line before a request is tolerated (RFC 9112, 2.2).
        request_line_.clear();
        return;
    }
    // METHOD SP request-target SP HTTP-version, nothing else.
    const std::size_t first = line.find(' ');
    const std::size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
    const bool shaped = second != std::string_view::npos && first > 0 && second > first + 1 &&
                        line.find(' ', second + 1) == std::string_view::npos;
    const std::string_view method = shaped ? line.substr(0, first) : std::string_view();
    const std::string_view target = shaped ? line.substr(first + 1, second - first - 1) : "";
    const std::string_view version = shaped ? line.substr(second + 1) : "";
    auto is_token = [](std::string_view text) {
        return !text.empty() && text.find_first_not_of(
                                    "!#$%&'*+-.^_`|~0123456789"
                                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                    "abcdefghijklmnopqrstuvwxyz") == std::string_view::npos;
    };
    auto is_visible = [](std::string_view text) {
        for (unsigned char c : text) {
            if (c <= 0x20 || c == 0x7f) return false;
        }
        return true;
    };
    static constexpr std::array<std::string_view, 9> kMethods = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"};
    if (!shaped || !is_token(method) || !is_visible(target)) {
        framing_error_ = FramingError{400, "Bad Request"};
    } else if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        framing_error_ = version.substr(0, 5) == "HTTP/"
                             ? FramingError{505, "HTTP Version Not Supported"}
                             : FramingError{400, "Bad Request"};
    } else if (std::find(kMethods.begin(), kMethods.end(), method) == kMethods.end()) {
        framing_error_ = FramingError{501, "Not Implemented"};
    } else {
        out.append(request_line_);
        out.push_back('\n');
        state_ = State::LineStart;
        return;
    }
    state_ = State::Refused;
}

std::string_view RequestHeadFilter::target() const {
    const std::string_view line(request_line_);
    const std::size_t start = line.find(' ');
    if (start == std::string_view::npos) return {};
    const std::size_t end = line.find(' ', start + 1);
    return line.substr(start + 1, end == std::string_view::npos ? end : end - start - 1);
}

void RequestHeadFilter::end_of_name(std::string& out) {
    if (is_renamed(held_name_)) out.append(kPrefix);
    if (const unsigned bit = forwarding_header_bit(held_name_)) {
        if (forwarding_headers_seen_ & bit) out.append(kRepeatedPrefix);
        forwarding_headers_seen_ |= bit;
    }
    if (ascii_equal_ignoring_case(held_name_, "content-length")) {
        capturing_ = Captured::ContentLength;
        content_lengths_.emplace_back();
    } else if (ascii_equal_ignoring_case(held_name_, "transfer-encoding")) {
        capturing_ = Captured::TransferEncoding;
        transfer_encodings_.emplace_back();
    } else if (ascii_equal_ignoring_case(held_name_, "expect")) {
        capturing_ = Captured::Expect;
        expect_.clear();
    }
    out.append(held_name_);
    out.push_back(':');
    held_name_.clear();
}

void RequestHeadFilter::end_of_headers() {
    auto trimmed = [](std::string_view v) {
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) {
            v.remove_suffix(1);
        }
        return v;
    };
    if (!content_lengths_.empty() && !transfer_encodings_.empty()) {
        framing_error_ = FramingError{400, "Bad Request"};  // request smuggling shape
    }
    for (const auto& te : transfer_encodings_) {
        if (!ascii_equal_ignoring_case(trimmed(te), "chunked"))
            framing_error_ = FramingError{501, "Not Implemented"};
    }
    if (!framing_error_ && !transfer_encodings_.empty()) {
        // Pistache 0.0.5 reads chunk sizes with strtol on its unterminated
        // buffer: a body cut after the size digits is read past the buffer's
        // end (AddressSanitizer: heap-buffer-overflow). No client of this API
        // needs chunked uploads, so they are asked for a Content-Length.
        framing_error_ = FramingError{411, "Length Required"};
    }
    std::optional<std::string_view> length;
    for (const auto& cl : content_lengths_) {
        const std::string_view value = trimmed(cl);
        // Digits only, and every copy the same: Pistache itself would take
        // "3x" as 3, read "-1" as a huge size, and pick one of two values.
        const bool digits = !value.empty() && value.size() <= 18 &&
                            value.find_first_not_of("0123456789") == std::string_view::npos;
        if (!digits || (length && *length != value)) {
            framing_error_ = FramingError{400, "Bad Request"};
            return;
        }
        length = value;
    }
    if (!framing_error_ && length && std::stoull(std::string(*length)) > max_bytes_) {
        framing_error_ = FramingError{413, "Request Entity Too Large"};
    }
    if (transfer_encodings_.empty()) {
        body_remaining_ = length ? std::stoull(std::string(*length)) : 0;
    }
    const bool has_body = (length && *length != "0") || !transfer_encodings_.empty();
    continue_requested_ = has_body && ascii_equal_ignoring_case(trimmed(expect_), "100-continue");
}

std::size_t RequestHeadFilter::rewrite(std::string_view input, std::string& out) {
    std::size_t i = 0;
    while (i < input.size()) {
        const char c = input[i];
        const bool in_head =
            state_ != State::Body && state_ != State::Complete && state_ != State::Refused;
        if (in_head && ++header_bytes_ > max_bytes_) {
            framing_error_ = FramingError{431, "Request Header Fields Too Large"};
            state_ = State::Refused;
        }
        switch (state_) {
            case State::Refused:
            case State::Complete:
                return i;
            case State::Body: {
                // Nothing more to rename in this request: the body passes as is.
                std::size_t take = input.size() - i;
                if (body_remaining_) {
                    take =
                        static_cast<std::size_t>(std::min<std::uint64_t>(take, *body_remaining_));
                    *body_remaining_ -= take;
                    if (*body_remaining_ == 0) state_ = State::Complete;
                }
                out.append(input.substr(i, take));
                body_bytes_ += take;
                return i + take;
            }
            case State::RequestLine:
                if (c == '\n') {
                    end_of_request_line(out);
                    if (state_ == State::Refused) return i;
                } else if (request_line_.size() < kMaxRequestLine) {
                    request_line_.push_back(c);
                } else {
                    framing_error_ = FramingError{414, "URI Too Long"};
                    state_ = State::Refused;
                    return i;
                }
                break;
            case State::LineRest:
                out.push_back(c);
                if (c == '\n') {
                    capturing_ = Captured::None;
                    state_ = State::LineStart;
                } else if (capturing_ != Captured::None) {
                    std::string& value =
                        capturing_ == Captured::ContentLength      ? content_lengths_.back()
                        : capturing_ == Captured::TransferEncoding ? transfer_encodings_.back()
                                                                   : expect_;
                    if (value.size() < kMaxCapturedValue) value.push_back(c);
                }
                break;
            case State::LineStart:
                if (c == '\r') {
                    out.push_back(c);
                    state_ = State::BlankLineCr;
                    break;
                }
                if (c != '\n') {
                    held_name_.assign(1, c);
                    state_ = State::Name;
                    break;
                }
                [[fallthrough]];
            case State::BlankLineCr:
                if (c != '\n') {
                    out.push_back(c);
                    state_ = State::LineRest;
                    break;
                }
                end_of_headers();
                if (framing_error_) {
                    state_ = State::Refused;
                    return i;
                }
                out.push_back(c);
                state_ = body_remaining_ == std::uint64_t{0} ? State::Complete : State::Body;
                break;
            case State::Name:
                if (c == ':') {
                    end_of_name(out);
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
    return i;
}

}  // namespace authapi
