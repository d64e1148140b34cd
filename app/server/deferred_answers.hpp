#pragma once

#include <pistache/peer.h>

#include <functional>
#include <memory>

#include "server/response_outbox.hpp"
#include "session_lookup.hpp"

namespace authapi {

// Lets an HTTP handler answer a request later, from another thread, while the
// connection's answers stay in request order. One per reactor thread.
class DeferredAnswers {
public:
    virtual ~DeferredAnswers() = default;
    // Reactor thread, while the request is handled: it will be answered
    // later, so the connection's next (pipelined) requests must wait.
    virtual void hold(const std::shared_ptr<Pistache::Tcp::Peer>& peer) = 0;
    // Any thread: runs `finish` (which writes the answer) on the reactor
    // thread if the peer is still connected, then lets its next requests in.
    // Writing only there means an answer can never reach a later connection
    // that reused a closed descriptor.
    virtual void complete(std::weak_ptr<Pistache::Tcp::Peer> peer,
                          std::function<void()> finish) = 0;
    // Reactor thread, for a request held by hold(): it goes on now. `step`
    // returns true when it answered, and the connection's next requests come
    // in; false when it is held again (a later complete() lets them in).
    virtual void proceed(const std::shared_ptr<Pistache::Tcp::Peer>& peer,
                         const std::function<bool()>& step) = 0;
};

// An HTTP handler that can defer answers; the transport hands it its
// DeferredAnswers, the ResponseOutbox every answer is written through, and
// the thread's session lookups, once per reactor thread.
class DeferringHandler {
public:
    virtual ~DeferringHandler() = default;
    // `lookups`: this thread's SessionLookupPipeline; null without one.
    virtual void set_deferred_answers(std::weak_ptr<DeferredAnswers> answers,
                                      std::weak_ptr<ResponseOutbox> outbox,
                                      std::weak_ptr<SessionLookupPipeline> lookups) = 0;
};

}  // namespace authapi
