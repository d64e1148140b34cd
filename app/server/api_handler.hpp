#pragma once

#include <pistache/http.h>

#include <chrono>
#include <memory>

#include "api/api_router.hpp"
#include "api/forwarding_policy.hpp"
#include "deferred_answers.hpp"
#include "observability/access_log.hpp"
#include "observability/metrics.hpp"
#include "request_tracker.hpp"
#include "worker_pool.hpp"

namespace authapi {

// The only place where a Pistache request becomes an ApiRequest and an
// ApiResponse becomes bytes. Every request is answered, whatever is thrown,
// and logged as one line: method, path, status, microseconds, client.
//
// A request that may run the password hash is dispatched on the worker pool
// and answered from the reactor thread once done (see DeferredAnswers), so a
// login flood never stalls the other connections of that thread. A full pool
// queue answers 503 with Retry-After. Likewise, on a thread with a
// SessionLookupPipeline (PostgreSQL), a request with a session cookie waits
// for its lookup without holding up the thread.
class ApiHandler final : public Pistache::Http::Handler, public DeferringHandler {
public:
    HTTP_PROTOTYPE(ApiHandler)

    // `pool` null: everything runs on the reactor threads. `metrics` may be
    // null. `forwarding` says whose Forwarded / X-Forwarded-* headers count.
    ApiHandler(std::shared_ptr<const ApiRouter> router, std::shared_ptr<RequestTracker> tracker,
               std::shared_ptr<WorkerPool> pool, AccessLog log = AccessLog(),
               Metrics* metrics = nullptr, ForwardingPolicy forwarding = {});

    void onRequest(const Pistache::Http::Request& request,
                   Pistache::Http::ResponseWriter writer) override;
    void set_deferred_answers(std::weak_ptr<DeferredAnswers> answers,
                              std::weak_ptr<ResponseOutbox> outbox,
                              std::weak_ptr<SessionLookupPipeline> lookups) override;

private:
    struct Exchange;

    // Sends the request's session lookup ahead, when this thread has a
    // SessionLookupPipeline and the request one to make: the request is held
    // and goes on (proceed) when the answer arrives. False: it goes on now.
    bool look_up_session_first(const std::shared_ptr<Exchange>& exchange);
    // From the admission on. True when the request is answered; false when
    // its answer comes later (a hash job, a stream) and it stays held.
    bool proceed(const std::shared_ptr<Exchange>& exchange);
    bool defer(const std::shared_ptr<Exchange>& exchange);
    // Runs `work`; a store failure becomes a 503 and anything else thrown a
    // 500, each logged.
    template <typename Work>
    static auto guarded(const AccessLog& log, const Exchange& exchange, Work&& work)
        -> decltype(work());
    static ApiResponse complete(const ApiRouter& router, const AccessLog& log, Exchange& exchange);
    struct Stream;

    // A streamed answer's first piece, into `first_piece`: true when more
    // follow; false when there is no stream (a HEAD, one piece: then it is in
    // the body) or it failed (then `response` is the error).
    static bool take_first_piece(const AccessLog& log, const Exchange& exchange,
                                 ApiResponse& response, std::string& first_piece);
    // False when the answer is streamed: it is held until its last piece.
    static bool answer(const AccessLog& log, const std::shared_ptr<Exchange>& exchange,
                       ApiResponse response);
    static void stream(const AccessLog& log, const std::shared_ptr<Exchange>& exchange,
                       ApiResponse response, std::string first_piece);
    static void send_next_piece(const std::shared_ptr<Stream>& state);

    std::shared_ptr<const ApiRouter> router_;
    ForwardingPolicy forwarding_;
    std::shared_ptr<RequestTracker> tracker_;
    std::shared_ptr<WorkerPool> pool_;
    std::weak_ptr<DeferredAnswers> answers_;
    std::weak_ptr<ResponseOutbox> outbox_;
    std::weak_ptr<SessionLookupPipeline> lookups_;
    AccessLog log_;
    Metrics* metrics_;
};

}  // namespace authapi
