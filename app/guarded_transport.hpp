#pragma once

#include <pistache/http.h>
#include <pistache/tcp.h>
#include <pistache/transport.h>

#include <chrono>
#include <memory>
#include <unordered_map>

#include "access_log.hpp"
#include "deferred_answers.hpp"
#include "request_head_filter.hpp"

namespace authapi {

struct ConnectionLimits {
    std::size_t max_request_bytes = 64 * 1024;  // header section, and body, each
};

struct ConnectionTimeouts {
    std::chrono::milliseconds header{10000};
    std::chrono::milliseconds body{10000};
    std::chrono::milliseconds keepalive{15000};
};

// Ends the connection once `write` has put the last response on the wire
// (Pistache itself never closes a connection, even after "Connection: close").
void close_after(Pistache::Async::Promise<ssize_t> write,
                 std::shared_ptr<Pistache::Tcp::Peer> peer);

// Sits between a connection's bytes and Pistache's HTTP handler: every byte
// goes through a RequestHeadFilter first (see request_head_filter.hpp).
class HeaderGuardHandler final : public Pistache::Tcp::Handler {
public:
    HeaderGuardHandler(std::shared_ptr<Pistache::Http::Handler> http, std::size_t max_request_bytes,
                       AccessLog log = AccessLog());

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

private:
    struct Connection {
        RequestHeadFilter filter;
        bool held = false;
        bool refused = false;
        std::string backlog;  // bytes received while held
    };

    void feed(Connection& connection, std::string_view input,
              const std::shared_ptr<Pistache::Tcp::Peer>& peer);
    void refuse(const std::shared_ptr<Pistache::Tcp::Peer>& peer, const FramingError& error,
                std::string_view target);

    std::shared_ptr<Pistache::Http::Handler> http_;
    std::size_t max_request_bytes_;
    AccessLog log_;
    // One reactor thread owns this handler and all of its peers: no lock.
    std::unordered_map<const Pistache::Tcp::Peer*, Connection> connections_;
    std::string scratch_;
};

// Pistache's own Http transport, with the HeaderGuardHandler in front, and its
// header / body / keep-alive timeouts (the 408 it sends is JSON, like every
// other error of ours). It also runs deferred answers on its reactor thread.
class GuardedTransport final : public Pistache::Tcp::Transport {
public:
    GuardedTransport(std::shared_ptr<Pistache::Http::Handler> http, ConnectionLimits limits,
                     ConnectionTimeouts timeouts, AccessLog log = AccessLog());
    ~GuardedTransport() override;

    void registerPoller(Pistache::Polling::Epoll& poller) override;
    void onReady(const Pistache::Aio::FdSet& fds) override;
    std::shared_ptr<Pistache::Aio::Handler> clone() const override;

private:
    class Answers;

    void close_stale_peers();
    void drop_peer(const std::shared_ptr<Pistache::Tcp::Peer>& peer);

    std::shared_ptr<Pistache::Http::Handler> http_;
    std::shared_ptr<HeaderGuardHandler> guard_;
    std::shared_ptr<Answers> answers_;
    ConnectionLimits limits_;
    ConnectionTimeouts timeouts_;
    AccessLog log_;  // for the requests refused before Pistache parses them
    int timer_fd_ = -1;
};

}  // namespace authapi
