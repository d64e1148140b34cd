#pragma once

#include <pistache/http.h>
#include <pistache/tcp.h>
#include <pistache/transport.h>

#include <chrono>
#include <functional>
#include <memory>
#include <unordered_map>

#include "deferred_answers.hpp"
#include "observability/access_log.hpp"
#include "observability/metrics.hpp"
#include "request_head_filter.hpp"
#include "server/connection_budget.hpp"
#include "server/connection_settings.hpp"
#include "server/response_outbox.hpp"
#include "server/trickle_damper.hpp"

namespace authapi {

// Sends `bytes` through `outbox`, then ends the connection once they are on
// the wire (Pistache itself never closes a connection, even after
// "Connection: close").
void send_and_close(ResponseOutbox& outbox, const std::shared_ptr<Pistache::Tcp::Peer>& peer,
                    std::string bytes);

// Sits between a connection's bytes and Pistache's HTTP handler: every byte
// goes through a RequestHeadFilter first (see request_head_filter.hpp), and
// every refusal is a JSON answer, an access-log line and a closed connection.
// It also knows where each connection is (waiting for a head, reading a body,
// answering, idle) for the timeouts.
class HeaderGuardHandler final : public Pistache::Tcp::Handler {
public:
    HeaderGuardHandler(std::shared_ptr<Pistache::Http::Handler> http, ConnectionLimits limits,
                       std::shared_ptr<ConnectionBudget> budget, AccessLog log,
                       std::shared_ptr<ResponseOutbox> outbox);

    std::shared_ptr<Pistache::Tcp::Handler> clone() const override;
    void onInput(const char* buffer, size_t len,
                 const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
    void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
    void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

    // The request being handled is answered later: keep the connection's
    // further bytes until resume(), so that answers keep request order.
    void hold(const std::shared_ptr<Pistache::Tcp::Peer>& peer);
    // Its answer is written (queued): go on with the bytes kept meanwhile.
    void resume(const std::shared_ptr<Pistache::Tcp::Peer>& peer);

    enum class Expiry { None, AnswerTimeout, CloseIdle };
    // Whether `peer` has overstayed the timeout of where it is now.
    Expiry expiry(const std::shared_ptr<Pistache::Tcp::Peer>& peer,
                  std::chrono::steady_clock::time_point now,
                  const ConnectionTimeouts& timeouts) const;
    // Answers 408 (logged) and closes; `then` runs once the answer is written.
    void time_out(const std::shared_ptr<Pistache::Tcp::Peer>& peer, std::function<void()> then);
    // Lets in the bytes waiting on connections whose trickling heads are
    // damped (see TrickleDamper): on every tick of the transport's timer.
    void nudge_trickling_heads();

private:
    // Closing: refused or timed out, its last answer on the way.
    enum class Phase { Head, Body, Answering, Idle, Closing };
    struct Connection {
        Connection(HeadLimits limits, int fd) : filter(limits), fd(fd) {}
        RequestHeadFilter filter;
        int fd;
        TrickleDamper damper;
        Phase phase = Phase::Head;  // a new connection waits for its first head
        std::chrono::steady_clock::time_point since = std::chrono::steady_clock::now();
        bool held = false;
        bool refused = false;
        bool counted = false;     // holds one of max_connections
        std::size_t charged = 0;  // head bytes counted in the shared budget
        std::string backlog;      // bytes received while held
    };

    void feed(Connection& connection, std::string_view input,
              const std::shared_ptr<Pistache::Tcp::Peer>& peer);
    void enter(Connection& connection, Phase phase);
    // Counts the connection's unfinished head in the shared budget; false
    // when the budget refuses it.
    bool charge_head(Connection& connection);
    void refuse(Connection& connection, const std::shared_ptr<Pistache::Tcp::Peer>& peer,
                const RequestRefusal& refusal);

    std::shared_ptr<Pistache::Http::Handler> http_;
    ConnectionLimits limits_;
    std::shared_ptr<ConnectionBudget> budget_;
    AccessLog log_;
    std::shared_ptr<ResponseOutbox> outbox_;
    // One reactor thread owns this handler and all of its peers: no lock.
    std::unordered_map<const Pistache::Tcp::Peer*, Connection> connections_;
    std::string scratch_;
};

// Pistache's own Http transport, with the HeaderGuardHandler in front, and its
// header / body / keep-alive timeouts (the 408 it sends is JSON, like every
// other error of ours). It also runs deferred answers on its reactor thread,
// and owns that thread's session lookups sent ahead (SessionLookupPipeline).
//
// Each round of ready connections (one onReady) is a unit: the session
// lookups its requests queued leave together when it ends, then the
// access-log lines of its answers are written together (LogBatch), then its
// answers (ResponseOutbox).
class GuardedTransport final : public Pistache::Tcp::Transport {
public:
    // Makes the session lookup pipeline of one reactor thread; may be empty.
    using SessionLookups = std::function<std::unique_ptr<SessionLookupPipeline>()>;

    GuardedTransport(std::shared_ptr<Pistache::Http::Handler> http, ConnectionLimits limits,
                     ConnectionTimeouts timeouts, std::shared_ptr<ConnectionBudget> budget,
                     AccessLog log = AccessLog(), std::function<void()> idle = {},
                     SessionLookups lookups = {}, Metrics* metrics = nullptr);
    ~GuardedTransport() override;

    void registerPoller(Pistache::Polling::Epoll& poller) override;
    void onReady(const Pistache::Aio::FdSet& fds) override;
    std::shared_ptr<Pistache::Aio::Handler> clone() const override;

private:
    class Answers;

    void close_stale_peers();
    void drop_peer(const std::shared_ptr<Pistache::Tcp::Peer>& peer);
    // Whether `peer` is still the connection on its descriptor.
    bool connected(const std::shared_ptr<Pistache::Tcp::Peer>& peer) const;

    std::shared_ptr<Pistache::Http::Handler> http_;
    std::shared_ptr<ResponseOutbox> outbox_;
    std::shared_ptr<HeaderGuardHandler> guard_;
    std::shared_ptr<Answers> answers_;
    ConnectionLimits limits_;
    ConnectionTimeouts timeouts_;
    std::shared_ptr<ConnectionBudget> budget_;
    AccessLog log_;
    std::function<void()> idle_;  // on every timer tick (ServerOptions::thread_idle)
    SessionLookups make_lookups_;
    Metrics* metrics_;  // may be null
    // This thread's lookups, polled with its connections; null without.
    std::shared_ptr<SessionLookupPipeline> lookups_;
    std::string log_lines_;  // the round's access-log lines (LogBatch)
    int timer_fd_ = -1;
};

}  // namespace authapi
