#include "request_head_filter.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

#include "http/ascii_text.hpp"

namespace authapi {

namespace {

constexpr std::string_view kCrlf = "\r\n";

constexpr std::array<std::string_view, 4> kForwardingFields = {
    "forwarded",
    "x-forwarded-for",
    "x-forwarded-proto",
    "x-forwarded-host",
};

}  // namespace

std::string internal_field_name(std::string_view name) {
    std::string internal(1, RequestHeadFilter::kInternalPrefix);
    internal.append(name);
    return internal;
}

std::string repeated_field_name(std::string_view name) {
    std::string repeated(2, RequestHeadFilter::kInternalPrefix);
    repeated.append(name);
    return repeated;
}

RequestHeadFilter::RequestHeadFilter(HeadLimits limits) : parser_(limits) {}

std::size_t RequestHeadFilter::max_canonical_head_bytes(std::size_t max_head_bytes) {
    // A field line is at least "a:" CRLF (4 bytes) and gains "@" and " ";
    // plus our own Content-Length line.
    return max_head_bytes + max_head_bytes / 2 + 64;
}

void RequestHeadFilter::start_request() {
    parser_.reset();
    if (canonical_.capacity() > 4096) {
        std::string().swap(canonical_);
    } else {
        canonical_.clear();
    }
    head_done_ = false;
    body_remaining_ = 0;
    body_bytes_ = 0;
    continue_requested_ = false;
    forwarding_fields_seen_ = 0;
}

bool RequestHeadFilter::take_continue_request() {
    // Once some body is here the client has stopped waiting.
    const bool send = continue_requested_ && body_bytes_ == 0;
    continue_requested_ = false;
    return send;
}

void RequestHeadFilter::append_canonical(std::initializer_list<std::string_view> parts) {
    std::size_t size = canonical_.size();
    for (std::string_view part : parts) size += part.size();
    if (canonical_.capacity() < size) {
        // Grow by a quarter, not double: memory held for a slow head stays
        // close to its size.
        canonical_.reserve(size + std::max<std::size_t>(size / 4, 256));
    }
    for (std::string_view part : parts) canonical_.append(part);
}

void RequestHeadFilter::request_line(std::string_view method, std::string_view target,
                                     std::string_view version) {
    append_canonical({method, " ", target, " ", version, kCrlf});
}

void RequestHeadFilter::field(std::string_view name, std::string_view value) {
    // The framing is ours to state: the parser has checked the client's
    // Content-Length (and refuses any Transfer-Encoding).
    if (ascii_equal_ignoring_case(name, "content-length") ||
        ascii_equal_ignoring_case(name, "transfer-encoding")) {
        return;
    }
    static constexpr char kPrefix[2] = {kInternalPrefix, kInternalPrefix};
    const std::size_t prefix = repeats_forwarding_field(name) ? 2 : 1;
    append_canonical({std::string_view(kPrefix, prefix), name, ": ", value, kCrlf});
}

bool RequestHeadFilter::repeats_forwarding_field(std::string_view name) {
    for (std::size_t i = 0; i < kForwardingFields.size(); ++i) {
        if (!ascii_equal_ignoring_case(name, kForwardingFields[i])) continue;
        const unsigned bit = 1u << i;
        const bool seen = (forwarding_fields_seen_ & bit) != 0;
        forwarding_fields_seen_ |= bit;
        return seen;
    }
    return false;
}

std::size_t RequestHeadFilter::rewrite(std::string_view input, std::string& out) {
    std::size_t used = 0;
    if (!head_done_) {
        used = parser_.parse(input, *this);
        if (parser_.progress() != RequestHeadParser::Progress::Complete) return used;
        const std::uint64_t length = parser_.content_length();
        if (length > 0) append_canonical({"Content-Length: ", std::to_string(length), kCrlf});
        append_canonical({kCrlf});
        out.append(canonical_);
        if (canonical_.capacity() > 4096) {
            std::string().swap(canonical_);
        } else {
            canonical_.clear();
        }
        head_done_ = true;
        body_remaining_ = length;
        continue_requested_ = length > 0 && parser_.expects_continue();
    }
    const std::size_t take =
        static_cast<std::size_t>(std::min<std::uint64_t>(body_remaining_, input.size() - used));
    out.append(input.substr(used, take));
    body_remaining_ -= take;
    body_bytes_ += take;
    return used + take;
}

}  // namespace authapi
