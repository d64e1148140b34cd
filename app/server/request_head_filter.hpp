#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "http/request_head_parser.hpp"

namespace authapi {

// Stands between a connection's bytes and Pistache's HTTP parser, so that
// only one opinion about where a request starts and ends ever counts: ours.
//
// Each head is read by RequestHeadParser (strict RFC 9112) and held until it
// is complete; then Pistache gets, in one piece, a canonical head that this
// filter wrote itself, followed by exactly Content-Length body bytes. Pistache
// never sees a partial head (so it parses each head once), and never a byte of
// a head it could read differently: its request line is ours, every client
// field reaches it as "@<name>: <value>" (so none of its typed headers or its
// cookie parser ever runs on client bytes), and the only field it interprets,
// "Content-Length", is the one we wrote.
//
// The internal names cannot collide with a client's by construction: '@' is
// not a token character, so a client field name that starts with it is
// refused (400) by the parser before anything is handed on.
//
// Pistache keeps one field per name (the first). The second and later lines
// of a forwarding field (Forwarded, X-Forwarded-For, -Proto, -Host) reach it
// as "@@<name>" instead, so that whoever reads these knows there were several.
class RequestHeadFilter : private RequestHeadListener {
public:
    static constexpr char kInternalPrefix = '@';

    explicit RequestHeadFilter(HeadLimits limits = {});

    // Appends to `out` what Pistache should parse next (the canonical head
    // once complete, then body bytes) and returns how many bytes of `input`
    // it took. It stops at the end of the request (request_complete()), so
    // that pipelined requests reach Pistache one at a time. Once refusal() is
    // set nothing more is taken or appended.
    std::size_t rewrite(std::string_view input, std::string& out);
    // The next byte starts a new request.
    void start_request();

    // Some byte of the current request has arrived.
    bool started() const { return parser_.started() || head_done_; }
    // The head is complete and handed on; its body may still be coming.
    bool head_complete() const { return head_done_; }
    // The whole current request (head and body) has been handed on.
    bool request_complete() const { return head_done_ && body_remaining_ == 0; }
    // Set when the current request is refused: the connection gets this
    // answer and is closed (the rest of its bytes cannot be framed).
    const std::optional<RequestRefusal>& refusal() const { return parser_.refusal(); }
    // The current request's method and origin-form target, once its request
    // line was accepted (empty before): for logs and refusals.
    const std::string& method() const { return parser_.method(); }
    const std::string& target() const { return parser_.target(); }
    // True once per request whose client sent "Expect: 100-continue" and
    // waits for a "100 Continue" before sending the body (curl does, for
    // bodies over 1 KiB): Pistache never sends one.
    bool take_continue_request();
    // Bytes kept for the unfinished head (what a slow client makes us hold).
    std::size_t held_bytes() const { return parser_.held_bytes() + canonical_.size(); }

    // The largest canonical head a head of `max_head_bytes` can become (each
    // field line gains at most "@" and " ").
    static std::size_t max_canonical_head_bytes(std::size_t max_head_bytes);

private:
    void request_line(std::string_view method, std::string_view target,
                      std::string_view version) override;
    void field(std::string_view name, std::string_view value) override;
    void append_canonical(std::initializer_list<std::string_view> parts);
    // Marks the forwarding field `name` as seen; true when it was already.
    bool repeats_forwarding_field(std::string_view name);

    RequestHeadParser parser_;
    std::string canonical_;  // the canonical head, while the client's is unfinished
    bool head_done_ = false;
    std::uint64_t body_remaining_ = 0;
    std::uint64_t body_bytes_ = 0;
    bool continue_requested_ = false;
    unsigned forwarding_fields_seen_ = 0;  // one bit per forwarding field name
};

// The name under which Pistache holds the client's field `name`: "Cookie" is
// read from "@Cookie" (case-insensitively, as every field name).
std::string internal_field_name(std::string_view name);
// The name under which the second line of forwarding field `name` arrives:
// "@@X-Forwarded-For" (no client name can start with '@' either).
std::string repeated_field_name(std::string_view name);

}  // namespace authapi
