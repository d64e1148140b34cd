#include "api_handler.hpp"

#include <sys/socket.h>

#include <array>
#include <chrono>
#include <cstdio>

#include "api/cache_control.hpp"
#include "api/cors.hpp"
#include "api/error_messages.hpp"
#include "guarded_transport.hpp"
#include "http/field_syntax.hpp"
#include "http/percent_decoding.hpp"
#include "login_throttle.hpp"
#include "request_head_filter.hpp"
#include "session_service.hpp"
#include "user_repository.hpp"

namespace authapi {

using namespace Pistache;

namespace {

// The client's field `name`, as the guard handed it to Pistache (under its
// internal name; the first one when the client sent several).
std::optional<std::string> client_field(const Http::Request& request, const std::string& name) {
    auto raw = request.headers().tryGetRaw(name);
    if (!raw) return std::nullopt;
    return raw->value();
}

// Only a trusted peer's forwarding headers are looked up at all. A second
// line of one reaches Pistache under its own internal name (Pistache keeps
// one line per name), so a repeated one shows.
ForwardingHeaders forwarding_headers(const Http::Request& request) {
    struct Names {
        const char* name;
        std::string first;
        std::string repeated;
    };
    static const std::array<Names, 4> kNames = {{
        {"Forwarded", internal_field_name("Forwarded"), repeated_field_name("Forwarded")},
        {"X-Forwarded-For", internal_field_name("X-Forwarded-For"),
         repeated_field_name("X-Forwarded-For")},
        {"X-Forwarded-Proto", internal_field_name("X-Forwarded-Proto"),
         repeated_field_name("X-Forwarded-Proto")},
        {"X-Forwarded-Host", internal_field_name("X-Forwarded-Host"),
         repeated_field_name("X-Forwarded-Host")},
    }};
    ForwardingHeaders headers;
    headers.forwarded = client_field(request, kNames[0].first);
    headers.x_forwarded_for = client_field(request, kNames[1].first);
    headers.x_forwarded_proto = client_field(request, kNames[2].first);
    headers.x_forwarded_host = client_field(request, kNames[3].first);
    for (const auto& names : kNames) {
        if (request.headers().tryGetRaw(names.repeated)) headers.repeated = names.name;
    }
    return headers;
}

// Throws ForwardingHeaderError when a trusted proxy's headers do not parse;
// `api` then holds everything but what they would have said.
void to_api_request(const Http::Request& request, const ForwardingPolicy& forwarding,
                    ApiRequest& api) {
    // Built once: every lookup on the hot path is a hash of these.
    static const std::string authorization = internal_field_name("Authorization");
    static const std::string cookie = internal_field_name("Cookie");
    static const std::string content_type = internal_field_name("Content-Type");
    static const std::string origin = internal_field_name("Origin");
    static const std::string cors_method = internal_field_name("Access-Control-Request-Method");
    static const std::string cors_headers = internal_field_name("Access-Control-Request-Headers");
    static const std::string host = internal_field_name("Host");
    static const std::string fetch_site = internal_field_name("Sec-Fetch-Site");
    static const std::string user_agent = internal_field_name("User-Agent");
    api.method = Http::methodString(request.method());
    // Routing and the auth gate see the decoded path, as Flask's request.path.
    api.path = percent_decode(request.resource(), false);
    const auto& query = request.query();
    api.query.assign(query.parameters_begin(), query.parameters_end());
    api.authorization = client_field(request, authorization);
    api.cookie = client_field(request, cookie);
    api.content_type = client_field(request, content_type);
    api.origin = client_field(request, origin);
    // Only a preflight uses these; every lookup costs on the hot path.
    if (request.method() == Http::Method::Options) {
        api.cors_request_method = client_field(request, cors_method);
        api.cors_request_headers = client_field(request, cors_headers);
    }
    api.host = client_field(request, host);
    api.sec_fetch_site = client_field(request, fetch_site);
    // Only a login records it (session metadata); not looked up on other requests.
    if (request.method() == Http::Method::Post) api.user_agent = client_field(request, user_agent);
    api.peer_ip = request.address().host();
    api.client_ip = api.peer_ip;
    api.body = request.body();
    if (!forwarding.trusts(api.peer_ip)) return;
    const RequestSource source =
        forwarding.resolve(api.peer_ip, api.host, forwarding_headers(request));
    api.client_ip = source.client_ip;
    api.scheme = source.scheme;
    api.host = source.host;
    api.via_trusted_proxy = source.via_trusted_proxy;
}

bool wants_keep_alive(const Http::Request& request) {
    static const std::string connection_field = internal_field_name("Connection");
    if (auto connection = client_field(request, connection_field)) {
        if (lists_token(*connection, "close")) return false;
        if (lists_token(*connection, "keep-alive")) return true;
    }
    // HTTP/1.1 is persistent unless told otherwise; HTTP/1.0 is not.
    return request.version() == Http::Version::Http11;
}

// A response header we could not write as given (a CR or LF would let its
// value start a header of its own, or end the head): the answer is refused
// as a whole, whoever built it, rather than sent without it.
std::optional<std::string> unwritable_header(const ApiResponse& response) {
    for (const auto& [name, value] : response.headers) {
        if (!is_response_field(name, value)) return name;
    }
    return std::nullopt;
}

// An answer's status line and fields, up to its framing (Content-Length or
// Transfer-Encoding). Written here rather than by Pistache's ResponseWriter
// (an ostream and a header map per answer); the fields are the same, in the
// order the answer lists them.
std::string response_head(Http::Version version, const ApiResponse& response, bool keep_alive,
                          std::size_t reserve) {
    std::string head;
    head.reserve(256 + reserve);
    head += version == Http::Version::Http10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    head += std::to_string(response.status);
    head += ' ';
    head += Http::codeString(static_cast<Http::Code>(response.status));
    head += "\r\n";
    if (response.json) head += "Content-Type: application/json\r\n";
    for (const auto& [name, value] : response.headers) {
        head += name;
        head += ": ";
        head += value;
        head += "\r\n";
    }
    head += keep_alive ? "Connection: Keep-Alive\r\n" : "Connection: Close\r\n";
    return head;
}

// A whole answer: head, Content-Length, body.
std::string response_bytes(Http::Version version, const ApiResponse& response, bool keep_alive) {
    std::string bytes = response_head(version, response, keep_alive, response.body.size());
    bytes += "Content-Length: ";
    bytes += std::to_string(response.body.size());
    bytes += "\r\n\r\n";
    bytes += response.body;
    return bytes;
}

}  // namespace

// One request, from its arrival to its answer; it lives on the heap only
// when the answer is deferred.
struct ApiHandler::Exchange {
    Exchange(const Http::Request& request, const Http::ResponseWriter& writer,
             RequestTracker& tracker)
        : peer(writer.peer()),
          method(request.method()),
          version(request.version()),
          resource(request.resource()),
          keep_alive(wants_keep_alive(request)),
          in_flight(tracker) {}

    // Answers are written through the reactor thread's ResponseOutbox, not
    // Pistache's ResponseWriter: see answer().
    std::weak_ptr<Tcp::Peer> peer;
    Http::Method method;
    Http::Version version;
    std::string resource;
    bool keep_alive;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    RequestTracker::Scope in_flight;
    std::string body;  // owned once deferred: Pistache reuses the request's
    ApiRequest api;
    RouteMatch match;  // api.path's route, found once
    // Made on the reactor thread; its reserved attempts are given back if
    // the exchange ends before complete() spends them.
    Admission admission;
    std::weak_ptr<DeferredAnswers> answers;
    std::weak_ptr<ResponseOutbox> outbox;
    std::shared_ptr<const ApiRouter> router;
    Metrics* metrics = nullptr;  // may be null

    void log_answer(const AccessLog& log, int status) const {
        const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now() - started)
                                .count();
        log.request(Http::methodString(method), resource, status, static_cast<long long>(micros),
                    api.client_ip);
        if (metrics) metrics->observe_request(match.index, status, micros);
    }
};

template <typename Work>
auto ApiHandler::guarded(const AccessLog& log, const Exchange& exchange, Work&& work)
    -> decltype(work()) {
    const char* method = Http::methodString(exchange.method);
    try {
        return work();
    } catch (const StorageError& e) {
        // The store is down or broken: the client may retry; details stay in the log.
        log.error(method, exchange.resource, e.what());
        return error_response(ApiError::ServiceUnavailable);
    } catch (const std::exception& e) {
        log.error(method, exchange.resource, e.what());
    } catch (...) {
        log.error(method, exchange.resource, "unknown exception");
    }
    return error_response(ApiError::InternalServerError);
}

ApiHandler::ApiHandler(std::shared_ptr<const ApiRouter> router,
                       std::shared_ptr<RequestTracker> tracker, std::shared_ptr<WorkerPool> pool,
                       AccessLog log, Metrics* metrics, ForwardingPolicy forwarding)
    : router_(std::move(router)),
      forwarding_(std::move(forwarding)),
      tracker_(std::move(tracker)),
      pool_(std::move(pool)),
      log_(log),
      metrics_(metrics) {}

void ApiHandler::set_deferred_answers(std::weak_ptr<DeferredAnswers> answers,
                                      std::weak_ptr<ResponseOutbox> outbox,
                                      std::weak_ptr<SessionLookupPipeline> lookups) {
    answers_ = std::move(answers);
    outbox_ = std::move(outbox);
    lookups_ = std::move(lookups);
}

void ApiHandler::onRequest(const Http::Request& request, Http::ResponseWriter writer) {
    auto exchange = std::make_shared<Exchange>(request, writer, *tracker_);
    exchange->answers = answers_;
    exchange->outbox = outbox_;
    exchange->router = router_;
    exchange->metrics = metrics_;
    try {
        to_api_request(request, forwarding_, exchange->api);
    } catch (const ForwardingHeaderError& e) {
        // A proxy we trust sent what we cannot read: nobody is guessed at.
        log_.error(Http::methodString(request.method()), exchange->resource, e.what());
        exchange->match = router_->match(exchange->api.path);
        answer(log_, exchange, error_response(ApiError::BadRequest));
        return;
    }
    exchange->match = router_->match(exchange->api.path);
    if (tracker_->draining()) {
        exchange->keep_alive = false;
        answer(log_, exchange, error_response(ApiError::ServiceUnavailable));
        return;
    }
    if (look_up_session_first(exchange)) return;
    proceed(exchange);
}

bool ApiHandler::look_up_session_first(const std::shared_ptr<Exchange>& exchange) {
    auto lookups = lookups_.lock();
    if (!lookups) return false;
    auto answers = answers_.lock();
    std::shared_ptr<Tcp::Peer> peer = exchange->peer.lock();
    if (!answers || !peer) return false;
    const std::optional<std::string> token =
        router_->session_to_look_up(exchange->api, exchange->match);
    if (!token) return false;
    // Pistache reuses the request's buffer once this returns.
    exchange->body.assign(exchange->api.body.data(), exchange->api.body.size());
    exchange->api.body = exchange->body;
    std::weak_ptr<Tcp::Peer> weak_peer = peer;
    // Called on this thread, by the transport that owns both the pipeline
    // and this handler: `this` outlives it.
    const bool sent = lookups->look_up(
        hash_session_token(*token),
        [this, exchange, weak_peer](std::optional<SessionLookup> lookup) {
            auto answers = answers_.lock();
            auto peer = weak_peer.lock();
            if (!lookup && metrics_) metrics_->count_lookup_fallback();
            if (!answers || !peer) return;  // the client is gone
            exchange->api.session_lookup = std::move(lookup);
            answers->proceed(peer, [this, &exchange] { return proceed(exchange); });
        });
    if (sent) answers->hold(peer);
    return sent;
}

bool ApiHandler::proceed(const std::shared_ptr<Exchange>& exchange) {
    std::optional<ApiResponse> refused = guarded(log_, *exchange, [&] {
        exchange->admission = router_->admit(exchange->api, exchange->match);
        return std::move(exchange->admission.answer);
    });
    if (refused) return answer(log_, exchange, std::move(*refused));
    if (pool_ && exchange->admission.hashes) {
        if (defer(exchange)) return false;
        exchange->admission = Admission();  // its attempts go back now
        return answer(log_, exchange,
                      error_response(ApiError::ServiceUnavailable).with_header("Retry-After", "1"));
    }
    return answer(log_, exchange, complete(*router_, log_, *exchange));
}

bool ApiHandler::defer(const std::shared_ptr<Exchange>& exchange) {
    auto answers = answers_.lock();
    if (!answers) return false;
    std::shared_ptr<Tcp::Peer> peer = exchange->peer.lock();
    if (!peer) return true;  // the client is gone: nobody to answer
    exchange->body.assign(exchange->api.body.data(), exchange->api.body.size());
    exchange->api.body = exchange->body;

    // The job holds what it uses: the handler itself may be gone by then.
    std::weak_ptr<DeferredAnswers> weak_answers = answers_;
    std::weak_ptr<Tcp::Peer> weak_peer = peer;
    // Waiting jobs are taken client by client (the throttle's IP key), so
    // one client cannot fill the queue for everybody.
    const bool posted = pool_->try_post(
        [router = router_, log = log_, exchange, weak_answers, weak_peer] {
            auto response = std::make_shared<ApiResponse>(complete(*router, log, *exchange));
            if (auto answers = weak_answers.lock()) {
                answers->complete(weak_peer, [log, exchange, response] {
                    answer(log, exchange, std::move(*response));
                });
            }
        },
        client_ip_key(exchange->api.client_ip));
    if (posted) answers->hold(peer);
    return posted;
}

ApiResponse ApiHandler::complete(const ApiRouter& router, const AccessLog& log,
                                 Exchange& exchange) {
    ApiResponse response =
        guarded(log, exchange, [&] { return router.complete(exchange.api, exchange.admission); });
    // Whatever was reserved and not spent goes back before the answer leaves.
    exchange.admission = Admission();
    return response;
}

bool ApiHandler::take_first_piece(const AccessLog& log, const Exchange& exchange,
                                  ApiResponse& response, std::string& first_piece) {
    // The first piece decides: a body of one piece goes out whole (with a
    // Content-Length), and a store failing at once is still a clean 503.
    if (!response.body_pieces || exchange.method == Http::Method::Head) return false;
    const char* method = Http::methodString(exchange.method);
    try {
        const bool more_pieces = response.body_pieces(first_piece);
        if (!more_pieces) response.body += first_piece;
        return more_pieces;
    } catch (const StorageError& e) {
        log.error(method, exchange.resource, e.what());
        response = error_response(ApiError::ServiceUnavailable);
    } catch (const std::exception& e) {
        log.error(method, exchange.resource, e.what());
        response = error_response(ApiError::InternalServerError);
    }
    return false;
}

bool ApiHandler::answer(const AccessLog& log, const std::shared_ptr<Exchange>& shared,
                        ApiResponse response) {
    Exchange& exchange = *shared;
    std::string first_piece;
    bool more_pieces = take_first_piece(log, exchange, response, first_piece);
    // Every /api/v1 answer, errors included, as flask-cors does.
    if (is_cors_path(exchange.api.path))
        exchange.router->cors().add_headers(exchange.api, response);
    add_no_store(exchange.api, response);
    if (auto name = unwritable_header(response)) {
        log.error(Http::methodString(exchange.method), exchange.resource,
                  "response header " + printable(*name) +
                      " refused: a control character (CR, LF, NUL...) in it, or a bad name");
        response = error_response(ApiError::InternalServerError);
        more_pieces = false;
        if (is_cors_path(exchange.api.path))
            response.with_header("Access-Control-Allow-Origin", "*");
        add_no_store(exchange.api, response);
    }
    if (more_pieces) {
        stream(log, shared, std::move(response), std::move(first_piece));
        return false;
    }

    if (exchange.method == Http::Method::Head) response.body.clear();
    const auto peer = exchange.peer.lock();
    const auto outbox = exchange.outbox.lock();
    if (peer && outbox) {
        std::string bytes = response_bytes(exchange.version, response, exchange.keep_alive);
        if (exchange.keep_alive) {
            outbox->send(peer, std::move(bytes));
        } else {
            send_and_close(*outbox, peer, std::move(bytes));
        }
    }
    // Logged even when the client has gone: the answer was made.
    exchange.log_answer(log, response.status);
    return true;
}

// Pistache's ResponseStream gives no way to wait for a chunk to be written,
// so the chunked answer is written here: one piece at a time, the next one
// rendered only once the previous one has left (memory stays flat), and the
// connection's next pipelined request held until the last one.
struct ApiHandler::Stream {
    std::shared_ptr<Exchange> exchange;
    std::function<bool(std::string&)> pieces;
    std::weak_ptr<Tcp::Peer> peer;
    AccessLog log;
    std::string pending;      // the head, before the first piece
    std::string first_piece;  // already rendered by answer()
    bool first_sent = false;

    void finish(bool close) {
        auto shared_peer = peer.lock();
        if (shared_peer && close) ::shutdown(shared_peer->fd(), SHUT_RDWR);
        if (auto answers = exchange->answers.lock()) answers->complete(peer, [] {});
    }
};

void ApiHandler::stream(const AccessLog& log, const std::shared_ptr<Exchange>& exchange,
                        ApiResponse response, std::string first_piece) {
    std::shared_ptr<Tcp::Peer> peer = exchange->peer.lock();
    if (!peer) return;  // the client is gone
    auto state = std::make_shared<Stream>();
    state->exchange = exchange;
    state->pieces = std::move(response.body_pieces);
    state->peer = peer;
    state->log = log;
    // Chunked framing is HTTP/1.1's, whatever the request's version.
    std::string& head = state->pending;
    head = response_head(Http::Version::Http11, response, exchange->keep_alive, 0);
    head += "Transfer-Encoding: chunked\r\n\r\n";
    state->first_piece = std::move(first_piece);
    if (auto answers = exchange->answers.lock()) answers->hold(peer);
    exchange->log_answer(log, response.status);
    send_next_piece(state);
}

void ApiHandler::send_next_piece(const std::shared_ptr<Stream>& state) {
    std::string piece;
    bool more = true;
    try {
        if (state->first_sent) {
            more = state->pieces(piece);
        } else {
            piece = std::move(state->first_piece);
            state->first_sent = true;
        }
    } catch (const std::exception& e) {
        // Too late for an error status: ending the connection mid-body is
        // the only way to tell the client the answer is incomplete.
        state->log.error(Http::methodString(state->exchange->method), state->exchange->resource,
                         e.what());
        state->finish(true);
        return;
    }
    auto peer = state->peer.lock();
    auto outbox = state->exchange->outbox.lock();
    if (!peer || !outbox) return;
    std::string bytes = std::move(state->pending);
    state->pending.clear();
    if (!piece.empty()) {
        char size[20];
        std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
        bytes += size;
        bytes += piece;
        bytes += "\r\n";
    }
    if (!more) bytes += "0\r\n\r\n";
    // Continuations run on this reactor thread, when the write has left.
    if (more) {
        outbox->send(
            peer, std::move(bytes), [state] { send_next_piece(state); },
            [state] { state->finish(false); });
    } else {
        const bool close = !state->exchange->keep_alive;
        outbox->send(
            peer, std::move(bytes), [state, close] { state->finish(close); },
            [state] { state->finish(false); });
    }
}

}  // namespace authapi
