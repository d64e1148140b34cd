#include "guarded_transport.hpp"

#include <pistache/os.h>
#include <pistache/peer.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <vector>

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

}  // namespace

HeaderGuardHandler::HeaderGuardHandler(std::shared_ptr<Http::Handler> http)
    : http_(std::move(http)) {}

std::shared_ptr<Tcp::Handler> HeaderGuardHandler::clone() const {
    return std::make_shared<HeaderGuardHandler>(
        std::static_pointer_cast<Http::Handler>(http_->clone()));
}

void HeaderGuardHandler::onConnection(const std::shared_ptr<Tcp::Peer>& peer) {
    renamers_[peer.get()] = HeaderRenamer{};
    static_cast<Tcp::Handler&>(*http_).onConnection(peer);
}

void HeaderGuardHandler::onDisconnection(const std::shared_ptr<Tcp::Peer>& peer) {
    renamers_.erase(peer.get());
    static_cast<Tcp::Handler&>(*http_).onDisconnection(peer);
}

void HeaderGuardHandler::onInput(const char* buffer, size_t len,
                                 const std::shared_ptr<Tcp::Peer>& peer) {
    HeaderRenamer& renamer = renamers_[peer.get()];
    // Pistache's parser is back at the request line once it has answered
    // the previous request: our renamer must start over too.
    if (renamer.in_body() &&
        Http::Handler::getParser(peer)->step()->id() == Http::Private::RequestLineStep::Id) {
        renamer.start_request();
    }
    scratch_.clear();
    renamer.rewrite(std::string_view(buffer, len), scratch_);
    if (scratch_.empty()) return;  // a header name is still being held back
    static_cast<Tcp::Handler&>(*http_).onInput(scratch_.data(), scratch_.size(), peer);
}

GuardedTransport::GuardedTransport(std::shared_ptr<Http::Handler> http,
                                   ConnectionTimeouts timeouts)
    : Tcp::Transport(http), http_(std::move(http)), timeouts_(timeouts) {
    // The base constructor tied the HTTP handler to this transport (it needs
    // that to write responses); the guard becomes the one that reads.
    init(std::make_shared<HeaderGuardHandler>(http_));
}

GuardedTransport::~GuardedTransport() {
    if (timer_fd_ >= 0) ::close(timer_fd_);
}

std::shared_ptr<Aio::Handler> GuardedTransport::clone() const {
    return std::make_shared<GuardedTransport>(
        std::static_pointer_cast<Http::Handler>(http_->clone()), timeouts_);
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
}

void GuardedTransport::onReady(const Aio::FdSet& fds) {
    for (const auto& entry : fds) {
        if (entry.getTag() == Polling::Tag(timer_fd_)) {
            uint64_t expirations = 0;
            [[maybe_unused]] auto n = ::read(timer_fd_, &expirations, sizeof expirations);
            close_stale_peers();
            break;
        }
    }
    Tcp::Transport::onReady(fds);
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
            removePeer(peer);
            continue;
        }
        peer->send(RawBuffer(std::string(kTimeoutResponse), sizeof kTimeoutResponse - 1))
            .then([this, peer](ssize_t) { removePeer(peer); },
                  [this, peer](std::exception_ptr) { removePeer(peer); });
    }
}

}  // namespace authapi
