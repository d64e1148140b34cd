#include "guarded_transport.hpp"

#include <pistache/os.h>
#include <pistache/peer.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <mutex>
#include <utility>
#include <vector>

#include "cors.hpp"
#include "http/json_output.hpp"

namespace authapi {

using namespace Pistache;

namespace {

constexpr char kTimeoutResponse[] =
    "HTTP/1.1 408 Request Timeout\r\n"
    "Content-Type: application/json\r\n"
    "Connection: close\r\n"
    "Content-Length: 33\r\n"
    "\r\n"
    "{\n  \"error\": \"Request Timeout\"\n}\n";

const char* reason_phrase(int status) {
    switch (status) {
        case 400:
            return "Bad Request";
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
        case 505:
            return "HTTP Version Not Supported";
        default:
            return "Error";
    }
}

}  // namespace

HeaderGuardHandler::HeaderGuardHandler(std::shared_ptr<Http::Handler> http,
                                       std::size_t max_request_bytes, AccessLog log)
    : http_(std::move(http)), max_request_bytes_(max_request_bytes), log_(log) {}

std::shared_ptr<Tcp::Handler> HeaderGuardHandler::clone() const {
    return std::make_shared<HeaderGuardHandler>(
        std::static_pointer_cast<Http::Handler>(http_->clone()), max_request_bytes_, log_);
}

void HeaderGuardHandler::onConnection(const std::shared_ptr<Tcp::Peer>& peer) {
    connections_[peer.get()] = Connection{RequestHeadFilter{max_request_bytes_}, false, false, {}};
    static_cast<Tcp::Handler&>(*http_).onConnection(peer);
}

void HeaderGuardHandler::onDisconnection(const std::shared_ptr<Tcp::Peer>& peer) {
    connections_.erase(peer.get());
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
    const std::string pending = std::move(connection.backlog);
    connection.backlog.clear();
    if (!pending.empty()) feed(connection, pending, peer);
}

void HeaderGuardHandler::onInput(const char* buffer, size_t len,
                                 const std::shared_ptr<Tcp::Peer>& peer) {
    Connection& connection = connections_[peer.get()];
    if (connection.held) {
        // A client may pipeline while its login is hashed; it may not make
        // us buffer without limit meanwhile.
        if (connection.backlog.size() + len > 4 * max_request_bytes_ + 8192) {
            if (!connection.refused) {
                connection.refused = true;
                refuse(peer, FramingError{413, "Request Entity Too Large"}, "");
            }
            return;
        }
        connection.backlog.append(buffer, len);
        return;
    }
    feed(connection, std::string_view(buffer, len), peer);
}

void HeaderGuardHandler::feed(Connection& connection, std::string_view input,
                              const std::shared_ptr<Tcp::Peer>& peer) {
    RequestHeadFilter& filter = connection.filter;
    do {
        // Only the HTTP parser finds the end of a chunked body: once it is
        // back at a request line, the next byte starts a new request.
        if (filter.in_chunked_body() &&
            Http::Handler::getParser(peer)->step()->id() == Http::Private::RequestLineStep::Id) {
            filter.start_request();
        }
        const bool already_refused = filter.framing_error().has_value();
        scratch_.clear();
        input.remove_prefix(filter.rewrite(input, scratch_));
        if (filter.framing_error()) {
            if (!already_refused) refuse(peer, *filter.framing_error(), filter.target());
            return;
        }
        if (filter.take_continue_request()) {
            // Queued before anything the handler writes for this request.
            static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
            peer->send(RawBuffer(kContinue, sizeof kContinue - 1));
        }
        if (!scratch_.empty()) {
            // One request at a time: Pistache's parser drops whatever follows
            // a complete request in the same buffer (pipelining). A handler
            // answers before onInput returns, or holds the connection until
            // its deferred answer is queued: either way answers keep order.
            static_cast<Tcp::Handler&>(*http_).onInput(scratch_.data(), scratch_.size(), peer);
        }
        if (filter.request_complete()) filter.start_request();
        if (connection.held) {
            connection.backlog.assign(input.data(), input.size());
            return;
        }
    } while (!input.empty());
}

void HeaderGuardHandler::refuse(const std::shared_ptr<Tcp::Peer>& peer, const FramingError& error,
                                std::string_view target) {
    // The rest of the stream cannot be framed, so the connection ends here:
    // answer, then close, instead of parsing leftover bytes as new requests.
    log_.refused(error.status, error.message);
    const std::string body = json_error(error.message);
    std::string response = "HTTP/1.1 " + std::to_string(error.status) + " " +
                           reason_phrase(error.status) +
                           "\r\nContent-Type: application/json\r\nConnection: close\r\n" +
                           (is_cors_path(target) ? "Access-Control-Allow-Origin: *\r\n" : "") +
                           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    const std::size_t size = response.size();
    close_after(peer->send(RawBuffer(std::move(response), size)), peer);
}

void close_after(Async::Promise<ssize_t> write, std::shared_ptr<Tcp::Peer> peer) {
    // Only after a successful write: then the descriptor is certainly still
    // this peer's (the write just used it on this thread). Shutting it down
    // makes the reactor see the hang-up and release the connection itself.
    write.then([peer](ssize_t) { ::shutdown(peer->fd(), SHUT_RDWR); }, [](std::exception_ptr) {});
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
                                   ConnectionTimeouts timeouts, AccessLog log)
    : Tcp::Transport(http),
      http_(std::move(http)),
      limits_(limits),
      timeouts_(timeouts),
      log_(log) {
    // The base constructor tied the HTTP handler to this transport (it needs
    // that to write responses); the guard becomes the one that reads.
    guard_ = std::make_shared<HeaderGuardHandler>(http_, limits_.max_request_bytes, log_);
    init(guard_);
    answers_ = std::make_shared<Answers>(*guard_);
    if (auto deferring = std::dynamic_pointer_cast<DeferringHandler>(http_)) {
        deferring->set_deferred_answers(answers_);
    }
}

GuardedTransport::~GuardedTransport() {
    if (timer_fd_ >= 0) ::close(timer_fd_);
}

std::shared_ptr<Aio::Handler> GuardedTransport::clone() const {
    return std::make_shared<GuardedTransport>(
        std::static_pointer_cast<Http::Handler>(http_->clone()), limits_, timeouts_, log_);
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
}

void GuardedTransport::onReady(const Aio::FdSet& fds) {
    bool answers_ready = false;
    for (const auto& entry : fds) {
        if (entry.getTag() == Polling::Tag(timer_fd_)) {
            uint64_t expirations = 0;
            [[maybe_unused]] auto n = ::read(timer_fd_, &expirations, sizeof expirations);
            close_stale_peers();
        } else if (entry.getTag() == Polling::Tag(answers_->fd())) {
            answers_ready = true;
        }
    }
    Tcp::Transport::onReady(fds);
    // Written through the same per-connection write queue as everything
    // else, so an answer lands after those queued before it.
    if (answers_ready) answers_->run_pending();
}

void GuardedTransport::close_stale_peers() {
    const auto now = std::chrono::steady_clock::now();
    std::vector<std::shared_ptr<Tcp::Peer>> stale;
    for (const auto& [fd, peer] : peers) {
        auto parser = Http::Handler::getParser(peer);
        if (!parser) continue;
        const auto elapsed =
            std::chrono::duration_cast<std::chrono::milliseconds>(now - parser->time());
        const auto step = parser->step()->id();
        bool expired;
        if (peer->isIdle()) {
            expired = elapsed > timeouts_.keepalive;
        } else if (step == Http::Private::BodyStep::Id) {
            expired = elapsed > timeouts_.body;
        } else {
            expired = elapsed > timeouts_.header;
        }
        if (expired) stale.push_back(peer);
    }
    for (auto& peer : stale) {
        if (peer->isIdle()) {
            drop_peer(peer);
            continue;
        }
        peer->send(RawBuffer(std::string(kTimeoutResponse), sizeof kTimeoutResponse - 1))
            .then([this, peer](ssize_t) { drop_peer(peer); },
                  [this, peer](std::exception_ptr) { drop_peer(peer); });
    }
}

void GuardedTransport::drop_peer(const std::shared_ptr<Tcp::Peer>& peer) {
    // removePeer() alone would skip the handlers' own per-connection cleanup.
    static_cast<Tcp::Handler&>(*guard_).onDisconnection(peer);
    removePeer(peer);
}

}  // namespace authapi
