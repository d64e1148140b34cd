#include "guarded_transport.hpp"

#include <malloc.h>
#include <pistache/os.h>
#include <pistache/peer.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <mutex>
#include <utility>
#include <vector>

#include "api/cors.hpp"
#include "http/json_output.hpp"
#include "observability/log_batch.hpp"

namespace authapi {

using namespace Pistache;
using Clock = std::chrono::steady_clock;

namespace {

const char* reason_phrase(int status) {
    switch (status) {
        case 400:
            return "Bad Request";
        case 408:
            return "Request Timeout";
        case 411:
            return "Length Required";
        case 413:
            return "Payload Too Large";
        case 414:
            return "URI Too Long";
        case 431:
            return "Request Header Fields Too Large";
        case 501:
            return "Not Implemented";
        case 503:
            return "Service Unavailable";
        case 505:
            return "HTTP Version Not Supported";
        default:
            return "Error";
    }
}

// The answer to a request refused before it reached the API: JSON like every
// other error, CORS for /api/v1 targets, and the connection closes after it.
std::string refusal_response(const RequestRefusal& refusal, std::string_view target) {
    const std::string body = json_error(refusal.message);
    return "HTTP/1.1 " + std::to_string(refusal.status) + " " + reason_phrase(refusal.status) +
           "\r\nContent-Type: application/json\r\nConnection: close\r\n" +
           (is_cors_path(target) ? "Access-Control-Allow-Origin: *\r\n" : "") +
           (refusal.status == 503 ? "Retry-After: 1\r\n" : "") +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

long long micros_since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

}  // namespace

HeaderGuardHandler::HeaderGuardHandler(std::shared_ptr<Http::Handler> http, ConnectionLimits limits,
                                       std::shared_ptr<ConnectionBudget> budget, AccessLog log,
                                       std::shared_ptr<ResponseOutbox> outbox)
    : http_(std::move(http)),
      limits_(limits),
      budget_(std::move(budget)),
      log_(log),
      outbox_(std::move(outbox)) {}

std::shared_ptr<Tcp::Handler> HeaderGuardHandler::clone() const {
    return std::make_shared<HeaderGuardHandler>(
        std::static_pointer_cast<Http::Handler>(http_->clone()), limits_, budget_, log_,
        std::make_shared<ResponseOutbox>());
}

void HeaderGuardHandler::onConnection(const std::shared_ptr<Tcp::Peer>& peer) {
    HeadLimits head_limits;
    head_limits.max_head_bytes = limits_.max_request_bytes;
    head_limits.max_body_bytes = limits_.max_request_bytes;
    auto [it, inserted] =
        connections_.insert_or_assign(peer.get(), Connection(head_limits, peer->fd()));
    static_cast<Tcp::Handler&>(*http_).onConnection(peer);
    Connection& connection = it->second;
    connection.counted = budget_->try_open();
    if (!connection.counted) refuse(connection, peer, RequestRefusal{503, "Service Unavailable"});
}

void HeaderGuardHandler::onDisconnection(const std::shared_ptr<Tcp::Peer>& peer) {
    auto it = connections_.find(peer.get());
    if (it != connections_.end()) {
        budget_->release(it->second.charged);
        if (it->second.counted) budget_->close();
        connections_.erase(it);
    }
    outbox_->forget(peer.get());
    static_cast<Tcp::Handler&>(*http_).onDisconnection(peer);
}

void HeaderGuardHandler::hold(const std::shared_ptr<Tcp::Peer>& peer) {
    auto it = connections_.find(peer.get());
    if (it != connections_.end()) it->second.held = true;
}

void HeaderGuardHandler::resume(const std::shared_ptr<Tcp::Peer>& peer) {
    auto it = connections_.find(peer.get());
    if (it == connections_.end()) return;
    Connection& connection = it->second;
    connection.held = false;
    enter(connection, Phase::Idle);
    const std::string pending = std::move(connection.backlog);
    connection.backlog.clear();
    if (!pending.empty()) feed(connection, pending, peer);
}

void HeaderGuardHandler::enter(Connection& connection, Phase phase) {
    connection.phase = phase;
    connection.since = Clock::now();
}

void HeaderGuardHandler::onInput(const char* buffer, size_t len,
                                 const std::shared_ptr<Tcp::Peer>& peer) {
    auto it = connections_.find(peer.get());
    if (it == connections_.end() || it->second.refused) return;
    Connection& connection = it->second;
    if (connection.held) {
        // A client may pipeline while its login is hashed; it may not make
        // us buffer without limit meanwhile.
        if (connection.backlog.size() + len > 4 * limits_.max_request_bytes + 8192) {
            refuse(connection, peer, RequestRefusal{413, "Request Entity Too Large"});
            return;
        }
        connection.backlog.append(buffer, len);
        return;
    }
    feed(connection, std::string_view(buffer, len), peer);
    if (connection.refused) return;
    if (connection.filter.started() && !connection.filter.head_complete()) {
        connection.damper.on_head_read(connection.fd, len);
    } else {
        connection.damper.end_of_head(connection.fd);
    }
}

void HeaderGuardHandler::nudge_trickling_heads() {
    for (auto& [peer, connection] : connections_) {
        if (connection.damper.damped()) connection.damper.nudge(connection.fd);
    }
}

bool HeaderGuardHandler::charge_head(Connection& connection) {
    const std::size_t held = connection.filter.head_complete() ? 0 : connection.filter.held_bytes();
    const std::size_t charge =
        held > ConnectionBudget::kFreeHeadBytes ? held - ConnectionBudget::kFreeHeadBytes : 0;
    if (charge > connection.charged) {
        if (!budget_->try_hold(charge - connection.charged)) return false;
    } else {
        budget_->release(connection.charged - charge);
    }
    connection.charged = charge;
    return true;
}

void HeaderGuardHandler::feed(Connection& connection, std::string_view input,
                              const std::shared_ptr<Tcp::Peer>& peer) {
    RequestHeadFilter& filter = connection.filter;
    do {
        if (connection.phase == Phase::Idle) enter(connection, Phase::Head);
        const bool head_was_complete = filter.head_complete();
        scratch_.clear();
        input.remove_prefix(filter.rewrite(input, scratch_));
        if (filter.refusal()) {
            refuse(connection, peer, *filter.refusal());
            return;
        }
        if (!charge_head(connection)) {
            // Slow heads hold the whole shared budget already.
            refuse(connection, peer, RequestRefusal{503, "Service Unavailable"});
            return;
        }
        if (filter.head_complete() && !head_was_complete) enter(connection, Phase::Body);
        if (filter.take_continue_request()) {
            // Queued before anything the handler writes for this request.
            outbox_->send(peer, "HTTP/1.1 100 Continue\r\n\r\n");
        }
        if (!scratch_.empty()) {
            // One request at a time: Pistache's parser drops whatever follows
            // a complete request in the same buffer (pipelining). A handler
            // answers before onInput returns, or holds the connection until
            // its deferred answer is queued: either way answers keep order.
            static_cast<Tcp::Handler&>(*http_).onInput(scratch_.data(), scratch_.size(), peer);
        }
        if (filter.request_complete()) {
            filter.start_request();
            enter(connection, connection.held ? Phase::Answering : Phase::Idle);
        }
        if (connection.held) {
            connection.backlog.assign(input.data(), input.size());
            return;
        }
    } while (!input.empty());
}

void HeaderGuardHandler::refuse(Connection& connection, const std::shared_ptr<Tcp::Peer>& peer,
                                const RequestRefusal& refusal) {
    // The rest of the stream cannot be framed, so the connection ends here:
    // answer, then close, instead of parsing leftover bytes as new requests.
    if (connection.refused) return;
    connection.refused = true;
    budget_->release(connection.charged);
    connection.charged = 0;
    connection.backlog.clear();
    const RequestHeadFilter& filter = connection.filter;
    const bool timed = connection.phase == Phase::Head || connection.phase == Phase::Body;
    log_.refused(refusal.status, filter.method(), filter.target(),
                 timed ? micros_since(connection.since) : 0, refusal.message);
    enter(connection, Phase::Closing);
    send_and_close(*outbox_, peer, refusal_response(refusal, filter.target()));
}

HeaderGuardHandler::Expiry HeaderGuardHandler::expiry(const std::shared_ptr<Tcp::Peer>& peer,
                                                      Clock::time_point now,
                                                      const ConnectionTimeouts& timeouts) const {
    auto it = connections_.find(peer.get());
    if (it == connections_.end()) return Expiry::None;
    const Connection& connection = it->second;
    const auto elapsed = now - connection.since;
    switch (connection.phase) {
        case Phase::Head:
            return elapsed > timeouts.header ? Expiry::AnswerTimeout : Expiry::None;
        case Phase::Body:
            return elapsed > timeouts.body ? Expiry::AnswerTimeout : Expiry::None;
        case Phase::Idle:
            return elapsed > timeouts.keepalive ? Expiry::CloseIdle : Expiry::None;
        case Phase::Answering:
            break;  // our turn, not the client's
        case Phase::Closing:
            // Its last answer was never taken (a client that stopped reading).
            return elapsed > timeouts.header ? Expiry::CloseIdle : Expiry::None;
    }
    return Expiry::None;
}

void HeaderGuardHandler::time_out(const std::shared_ptr<Tcp::Peer>& peer,
                                  std::function<void()> then) {
    auto it = connections_.find(peer.get());
    if (it == connections_.end()) return;
    Connection& connection = it->second;
    connection.refused = true;
    budget_->release(connection.charged);
    connection.charged = 0;
    const RequestRefusal timeout{408, "Request Timeout"};
    log_.refused(timeout.status, connection.filter.method(), connection.filter.target(),
                 micros_since(connection.since), timeout.message);
    enter(connection, Phase::Closing);
    outbox_->send(peer, refusal_response(timeout, connection.filter.target()), then, then);
}

void send_and_close(ResponseOutbox& outbox, const std::shared_ptr<Tcp::Peer>& peer,
                    std::string bytes) {
    // Only after a successful write: then the descriptor is certainly still
    // this peer's (the write just used it on this thread). Shutting it down
    // makes the reactor see the hang-up and release the connection itself.
    std::weak_ptr<Tcp::Peer> weak = peer;
    outbox.send(peer, std::move(bytes), [weak] {
        if (auto written = weak.lock()) ::shutdown(written->fd(), SHUT_RDWR);
    });
}

// Deferred answers come back from worker threads through a queue and an
// eventfd that wakes this transport's reactor thread.
class GuardedTransport::Answers final : public DeferredAnswers {
public:
    explicit Answers(HeaderGuardHandler& guard)
        : guard_(guard), event_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
        if (event_fd_ < 0) throw std::runtime_error("eventfd failed");
    }
    ~Answers() override { ::close(event_fd_); }

    int fd() const { return event_fd_; }

    void hold(const std::shared_ptr<Tcp::Peer>& peer) override { guard_.hold(peer); }

    void complete(std::weak_ptr<Tcp::Peer> peer, std::function<void()> finish) override {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            pending_.emplace_back(std::move(peer), std::move(finish));
        }
        const uint64_t one = 1;
        [[maybe_unused]] auto n = ::write(event_fd_, &one, sizeof one);
    }

    void proceed(const std::shared_ptr<Tcp::Peer>& peer,
                 const std::function<bool()>& step) override {
        if (step()) guard_.resume(peer);
    }

    // Reactor thread.
    void run_pending() {
        uint64_t count = 0;
        [[maybe_unused]] auto n = ::read(event_fd_, &count, sizeof count);
        std::vector<std::pair<std::weak_ptr<Tcp::Peer>, std::function<void()>>> ready;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ready.swap(pending_);
        }
        for (auto& [weak_peer, finish] : ready) {
            // A peer that is gone was removed by this thread: nothing to write.
            auto peer = weak_peer.lock();
            if (!peer) continue;
            finish();
            guard_.resume(peer);
        }
    }

private:
    HeaderGuardHandler& guard_;
    int event_fd_;
    std::mutex mutex_;
    std::vector<std::pair<std::weak_ptr<Tcp::Peer>, std::function<void()>>> pending_;
};

GuardedTransport::GuardedTransport(std::shared_ptr<Http::Handler> http, ConnectionLimits limits,
                                   ConnectionTimeouts timeouts,
                                   std::shared_ptr<ConnectionBudget> budget, AccessLog log,
                                   std::function<void()> idle, SessionLookups lookups,
                                   Metrics* metrics)
    : Tcp::Transport(http),
      http_(std::move(http)),
      outbox_(std::make_shared<ResponseOutbox>()),
      limits_(limits),
      timeouts_(timeouts),
      budget_(std::move(budget)),
      log_(log),
      idle_(std::move(idle)),
      make_lookups_(std::move(lookups)),
      metrics_(metrics) {
    // The base constructor tied the HTTP handler to this transport (it needs
    // that to write responses); the guard becomes the one that reads.
    guard_ = std::make_shared<HeaderGuardHandler>(http_, limits_, budget_, log_, outbox_);
    init(guard_);
    answers_ = std::make_shared<Answers>(*guard_);
    if (make_lookups_) lookups_ = make_lookups_();
    if (auto deferring = std::dynamic_pointer_cast<DeferringHandler>(http_)) {
        deferring->set_deferred_answers(answers_, outbox_, lookups_);
    }
}

GuardedTransport::~GuardedTransport() {
    if (timer_fd_ >= 0) ::close(timer_fd_);
}

std::shared_ptr<Aio::Handler> GuardedTransport::clone() const {
    return std::make_shared<GuardedTransport>(
        std::static_pointer_cast<Http::Handler>(http_->clone()), limits_, timeouts_, budget_, log_,
        idle_, make_lookups_, metrics_);
}

void GuardedTransport::registerPoller(Polling::Epoll& poller) {
    Tcp::Transport::registerPoller(poller);
    timer_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (timer_fd_ < 0) throw std::runtime_error("timerfd_create failed");
    itimerspec spec{};
    spec.it_value.tv_nsec = 250'000'000;
    spec.it_interval.tv_nsec = 250'000'000;
    ::timerfd_settime(timer_fd_, 0, &spec, nullptr);
    poller.addFd(timer_fd_, Flags<Polling::NotifyOn>(Polling::NotifyOn::Read),
                 Polling::Tag(timer_fd_));
    poller.addFd(answers_->fd(), Flags<Polling::NotifyOn>(Polling::NotifyOn::Read),
                 Polling::Tag(answers_->fd()));
    if (lookups_) {
        poller.addFd(lookups_->descriptor(), Flags<Polling::NotifyOn>(Polling::NotifyOn::Read),
                     Polling::Tag(lookups_->descriptor()));
    }
}

void GuardedTransport::onReady(const Aio::FdSet& fds) {
    LogBatch lines(log_.stream(), log_lines_, log_.batch_bytes());
    outbox_->begin_round();
    bool answers_ready = false;
    bool lookups_ready = false;
    // Pistache 0.0.5 handles a connection that is readable and writable at
    // once as readable only: the writable edge is lost, and an answer queued
    // for a client that keeps sending (a refused upload, a pipeline) would
    // never be written. Such connections are re-armed below, so that the
    // kernel reports them writable again.
    std::vector<Fd> readable_and_writable;
    for (const auto& entry : fds) {
        if (entry.isReadable() && entry.isWritable()) {
            readable_and_writable.push_back(static_cast<Fd>(entry.getTag().value()));
        }
        if (entry.getTag() == Polling::Tag(timer_fd_)) {
            uint64_t expirations = 0;
            [[maybe_unused]] auto n = ::read(timer_fd_, &expirations, sizeof expirations);
            close_stale_peers();
            guard_->nudge_trickling_heads();
            // Heads held by slow clients were freed: give the memory back
            // instead of keeping the high-water mark for the process's life.
            if (budget_->take_trim_hint()) ::malloc_trim(0);
            if (idle_) idle_();
            if (lookups_) lookups_->give_up_stalled();
        } else if (entry.getTag() == Polling::Tag(answers_->fd())) {
            answers_ready = true;
        } else if (lookups_ && entry.getTag() == Polling::Tag(lookups_->descriptor())) {
            lookups_ready = true;
        }
    }
    Tcp::Transport::onReady(fds);
    for (Fd fd : readable_and_writable) {
        // Only a connection still open: one that hung up is gone from peers.
        if (peers.count(fd) != 0) {
            reactor()->modifyFd(key(), fd, Polling::NotifyOn::Read | Polling::NotifyOn::Write,
                                Polling::Mode::Edge);
        }
    }
    // Written through the same per-connection write queue as everything
    // else, so an answer lands after those queued before it.
    if (answers_ready) answers_->run_pending();
    if (lookups_) {
        // Answered lookups let their requests go on, which may queue more;
        // then the round's lookups leave together.
        if (lookups_ready) lookups_->receive();
        const std::size_t sent = lookups_->send();
        if (sent != 0 && metrics_) metrics_->count_lookup_round_trip(sent);
    }
    // The round's lines first: an answer a client has is always logged.
    lines.flush();
    outbox_->flush([this](const std::shared_ptr<Tcp::Peer>& peer) { return connected(peer); });
}

bool GuardedTransport::connected(const std::shared_ptr<Tcp::Peer>& peer) const {
    const auto it = peers.find(peer->fd());
    return it != peers.end() && it->second == peer;
}

void GuardedTransport::close_stale_peers() {
    const auto now = Clock::now();
    std::vector<std::pair<std::shared_ptr<Tcp::Peer>, HeaderGuardHandler::Expiry>> stale;
    for (const auto& [fd, peer] : peers) {
        const auto expiry = guard_->expiry(peer, now, timeouts_);
        if (expiry != HeaderGuardHandler::Expiry::None) stale.emplace_back(peer, expiry);
    }
    for (auto& [peer, expiry] : stale) {
        if (expiry == HeaderGuardHandler::Expiry::CloseIdle) {
            drop_peer(peer);
            continue;
        }
        guard_->time_out(peer, [this, peer = peer] { drop_peer(peer); });
    }
}

void GuardedTransport::drop_peer(const std::shared_ptr<Tcp::Peer>& peer) {
    // Already gone (the client hung up while the 408 was written).
    if (!connected(peer)) return;
    // removePeer() alone would skip the handlers' own per-connection cleanup.
    static_cast<Tcp::Handler&>(*guard_).onDisconnection(peer);
    removePeer(peer);
}

}  // namespace authapi
