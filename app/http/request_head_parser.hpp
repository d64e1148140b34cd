#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace authapi {

// Why a request is refused before anything else reads it.
struct RequestRefusal {
    int status;           // 400, 411, 413, 414, 431, 501, 503 or 505
    const char* message;  // the JSON error text
};

// Receives a head's parts as they are accepted, in order: the request line,
// then each field line.
class RequestHeadListener {
public:
    virtual ~RequestHeadListener() = default;
    // `target` is in origin-form ("/path?query"; an absolute-form target is
    // reduced to it) or "*" (OPTIONS only); `version` is "HTTP/1.0" or "HTTP/1.1".
    virtual void request_line(std::string_view method, std::string_view target,
                              std::string_view version) = 0;
    // `name` is a token, `value` has no leading or trailing whitespace and no
    // CR, LF, NUL or other control character but HTAB. For an absolute-form
    // target the Host value is the target's authority (RFC 9112, 3.2.2).
    virtual void field(std::string_view name, std::string_view value) = 0;
};

struct HeadLimits {
    std::size_t max_head_bytes = 64 * 1024;  // request line, field lines, blank line
    std::uint64_t max_body_bytes = 64 * 1024;
    std::size_t max_request_line_bytes = 8 * 1024;
};

// A strict RFC 9112 parser of one request head (request line, field lines,
// blank line), fed the bytes as they arrive however they are split. Every
// byte is looked at once: only an unfinished line is kept, so the cost is
// linear in the bytes received and the memory is one line.
//
// Accepted: CRLF line ends only; METHOD SP request-target SP HTTP/1.0 or
// HTTP/1.1; token field names directly followed by ':'; field values of
// visible characters, obs-text, SP and HTAB; no obs-fold; exactly one valid
// Host on HTTP/1.1 (at most one on HTTP/1.0); Content-Length as digits, every
// copy the same. Everything else is refused with the status RFC 9112 calls
// for. A Transfer-Encoding is always refused (411 for plain chunked: bodies
// need a Content-Length here).
class RequestHeadParser {
public:
    enum class Progress { Incomplete, Complete, Refused };

    explicit RequestHeadParser(HeadLimits limits = {});

    // Reads bytes of the head and returns how many it used: all of `input`
    // while the head is incomplete; up to and including the blank line that
    // ends it (Complete); up to the line that is refused (Refused). Once
    // Complete or Refused, reads nothing until reset().
    std::size_t parse(std::string_view input, RequestHeadListener& listener);
    Progress progress() const { return progress_; }
    const std::optional<RequestRefusal>& refusal() const { return refusal_; }

    // Once Complete: the body's size, and whether the client waits for a
    // "100 Continue" before sending it.
    std::uint64_t content_length() const { return content_length_.value_or(0); }
    bool expects_continue() const { return expects_continue_; }

    // The request line's method and target once it was accepted (empty
    // before): what a refusal or a timeout is logged with.
    const std::string& method() const { return method_; }
    const std::string& target() const { return target_; }

    // Bytes of the head received so far, and of those the ones held in an
    // unfinished line.
    std::size_t head_bytes() const { return head_bytes_; }
    std::size_t held_bytes() const { return line_.size(); }
    bool started() const { return head_bytes_ > 0; }

    // Forget everything: the next byte starts a new request. The buffer of a
    // long line is released.
    void reset();

private:
    void refuse(int status, const char* message);
    void line(std::string_view text, RequestHeadListener& listener);
    void request_line(std::string_view text, RequestHeadListener& listener);
    void field_line(std::string_view text, RequestHeadListener& listener);
    void end_of_head();
    void transfer_encoding(std::string_view value);
    void content_length(std::string_view value);

    HeadLimits limits_;
    Progress progress_ = Progress::Incomplete;
    std::optional<RequestRefusal> refusal_;
    std::string line_;  // an unfinished line, without its line end
    std::size_t head_bytes_ = 0;
    bool request_line_done_ = false;
    std::string method_;
    std::string target_;
    bool http10_ = false;
    std::string absolute_authority_;  // from an absolute-form target
    bool absolute_form_ = false;
    int hosts_ = 0;
    std::optional<std::uint64_t> content_length_;
    bool content_length_too_large_ = false;
    bool expects_continue_ = false;
    // Transfer-Encoding, read across its field lines.
    bool te_seen_ = false;
    bool te_malformed_ = false;
    bool te_last_is_chunked_ = false;
    int te_chunked_ = 0;
    int te_other_ = 0;
};

}  // namespace authapi
