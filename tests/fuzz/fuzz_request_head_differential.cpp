// The filter and Pistache's own HTTP parser, side by side. A random byte
// stream, split at random points (as TCP might), goes through
// RequestHeadFilter the way HeaderGuardHandler drives it; whatever the filter
// hands on for each request goes, in the pieces it was handed on in, through
// a real Pistache 0.0.5 request parser. They must agree on every request:
// Pistache completes exactly when the filter says the request is complete
// (never earlier, never later, never an error), with the same method, target,
// number of fields and body. Any disagreement aborts (a crash for libFuzzer).
#include <pistache/http.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "fuzz_input.hpp"
#include "http/ascii_text.hpp"
#include "server/request_head_filter.hpp"

namespace {

using Pistache::Http::RequestParser;
using Pistache::Http::Private::State;

[[noreturn]] void disagree(const char* what, const std::string& handed_on) {
    std::fprintf(stderr, "disagreement: %s\nhanded to Pistache:\n%s\n", what, handed_on.c_str());
    std::abort();
}

// The field names of a canonical head, lower-cased, as a set: Pistache keeps
// one raw field per name. Also checks that every line has the canonical form.
std::set<std::string> canonical_names(const std::string& head) {
    std::set<std::string> names;
    std::size_t pos = head.find("\r\n") + 2;  // after the request line
    for (;;) {
        const std::size_t end = head.find("\r\n", pos);
        if (end == std::string::npos) disagree("a canonical head without its blank line", head);
        if (end == pos) break;
        const std::string line = head.substr(pos, end - pos);
        const std::size_t colon = line.find(": ");
        if (colon == std::string::npos) disagree("a canonical field line without \": \"", head);
        std::string name = line.substr(0, colon);
        if (name != "Content-Length" &&
            name.front() != authapi::RequestHeadFilter::kInternalPrefix) {
            disagree("a client field that is not renamed", head);
        }
        for (char& c : name) c = authapi::ascii_lower(c);
        names.insert(name);
        pos = end + 2;
    }
    return names;
}

// Compares Pistache's request with the filter's view of the same one.
void compare(const RequestParser& parser, const authapi::RequestHeadFilter& filter,
             const std::string& handed_on, std::size_t head_size, std::uint64_t body_size) {
    const auto& request = parser.request;
    if (filter.method() != Pistache::Http::methodString(request.method())) {
        disagree("the method", handed_on);
    }
    const std::string& target = filter.target();
    const std::size_t question = target.find('?');
    if (target.substr(0, question) != request.resource()) disagree("the resource", handed_on);
    if (question != std::string::npos) {
        // Every query key the filter passed on is one Pistache knows.
        std::string_view query = std::string_view(target).substr(question + 1);
        while (!query.empty()) {
            const std::size_t amp = query.find('&');
            const std::string_view pair = query.substr(0, amp);
            const std::string key(pair.substr(0, pair.find('=')));
            if (!request.query().has(key)) disagree("a query parameter", handed_on);
            query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        }
    }
    const std::string head = handed_on.substr(0, head_size);
    if (canonical_names(head).size() != request.headers().rawList().size()) {
        disagree("the number of fields", handed_on);
    }
    // Pistache interprets nothing of the client's: no typed header but our
    // Content-Length, no cookie.
    const auto typed = request.headers().list();
    if (typed.size() != (body_size > 0 ? 1u : 0u)) disagree("typed headers", handed_on);
    if (request.cookies().begin() != request.cookies().end()) disagree("cookies", handed_on);
    if (request.body() != handed_on.substr(head_size)) disagree("the body", handed_on);
}

// Simple deterministic split sizes from the input's first bytes.
class Splitter {
public:
    explicit Splitter(std::uint32_t seed) : state_(seed * 2654435761u + 1) {}
    std::size_t next() {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 17;
        state_ ^= state_ << 5;
        // Mostly tiny pieces, sometimes large ones.
        return (state_ & 3) == 0 ? 1 + state_ % 512 : 1 + state_ % 9;
    }

private:
    std::uint32_t state_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    Splitter splitter(static_cast<std::uint32_t>(data[0]) << 8 | data[1]);
    std::string_view stream = authapi::fuzz::as_text(data + 2, size - 2);
    authapi::HeadLimits limits;
    limits.max_head_bytes = 2048;
    limits.max_body_bytes = 2048;
    authapi::RequestHeadFilter filter(limits);
    // The room HttpServer gives Pistache's parser.
    const std::size_t pistache_limit =
        authapi::RequestHeadFilter::max_canonical_head_bytes(limits.max_head_bytes) +
        limits.max_body_bytes + 4096;
    auto parser = std::make_unique<RequestParser>(pistache_limit);
    std::string handed_on;      // this request's bytes, as Pistache got them
    std::size_t head_size = 0;  // of which the canonical head
    std::string out;
    while (!stream.empty()) {
        std::string_view piece = stream.substr(0, splitter.next());
        stream.remove_prefix(piece.size());
        while (!piece.empty()) {
            out.clear();
            const bool had_head = filter.head_complete();
            piece.remove_prefix(filter.rewrite(piece, out));
            if (filter.refusal()) {
                if (!out.empty()) disagree("bytes handed on for a refused request", out);
                return 0;  // the connection closes: nothing more is parsed
            }
            if (!out.empty()) {
                if (!had_head) {
                    // The head comes whole, at once.
                    if (!filter.head_complete()) disagree("a partial head", out);
                    head_size = out.find("\r\n\r\n") + 4;
                }
                handed_on += out;
                State state;
                try {
                    if (!parser->feed(out.data(), out.size()))
                        disagree("over Pistache's limit", out);
                    state = parser->parse();
                } catch (const std::exception& e) {
                    disagree(e.what(), handed_on);
                }
                if ((state == State::Done) != filter.request_complete()) {
                    disagree(state == State::Done ? "Pistache finished early"
                                                  : "Pistache wants more than the filter",
                             handed_on);
                }
            } else if (filter.request_complete() && !had_head) {
                disagree("a complete request with nothing handed on", handed_on);
            }
            if (filter.request_complete()) {
                compare(*parser, filter, handed_on, head_size, handed_on.size() - head_size);
                parser->reset();
                handed_on.clear();
                filter.take_continue_request();
                filter.start_request();
            }
        }
    }
    return 0;
}
