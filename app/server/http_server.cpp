#include "http_server.hpp"

#include <pistache/listener.h>
#include <pistache/net.h>

#include <algorithm>
#include <thread>

#include "api_handler.hpp"
#include "guarded_transport.hpp"
#include "request_tracker.hpp"
#include "worker_pool.hpp"

namespace authapi {

using namespace Pistache;

namespace {

// listen(2)'s backlog is an int; Linux keeps it in 16 bits of its own.
constexpr std::size_t kMaxListenBacklog = 65535;

// An IPv6 literal goes in brackets, in a URL as for Pistache's Address
// ("::1" alone reads as a host "" and a port ":1").
std::string bracketed(const std::string& host) {
    if (host.find(':') == std::string::npos || host.front() == '[') return host;
    return "[" + host + "]";
}

}  // namespace

struct HttpServer::Parts {
    std::shared_ptr<RequestTracker> tracker;
    std::shared_ptr<WorkerPool> pool;
    std::shared_ptr<ApiHandler> handler;
    std::shared_ptr<ConnectionBudget> budget;
    Tcp::Listener listener;
};

std::string http_url(const std::string& host, std::uint16_t port) {
    return "http://" + bracketed(host) + ":" + std::to_string(port);
}

HttpServer::HttpServer(ServerOptions options, std::shared_ptr<const ApiRouter> router)
    : options_(std::move(options)), parts_(std::make_unique<Parts>()) {
    parts_->tracker = std::make_shared<RequestTracker>();
    // Nice 10 (the default): under load, reactor threads get about ten
    // times the CPU share.
    parts_->pool = std::make_shared<WorkerPool>(options_.hash_threads, options_.hash_queue,
                                                options_.hash_queue_per_client, options_.hash_nice);
    parts_->handler =
        std::make_shared<ApiHandler>(std::move(router), parts_->tracker, parts_->pool, options_.log,
                                     options_.metrics, options_.forwarding);
    parts_->budget = std::make_shared<ConnectionBudget>(options_.limits.max_connections,
                                                        options_.limits.max_pending_head_bytes);
    // Our guard enforces the limits, with JSON answers; Pistache's own check
    // (a text 413 that keeps the connection) must never fire: it gets room
    // for the largest canonical head and body the guard lets through.
    parts_->handler->setMaxRequestSize(
        RequestHeadFilter::max_canonical_head_bytes(options_.limits.max_request_bytes) +
        options_.limits.max_request_bytes + 4096);
}

HttpServer::~HttpServer() {
    if (running_) parts_->listener.shutdown();
}

void HttpServer::start() {
    const Address address(bracketed(options_.host), Port(options_.port));
    auto& listener = parts_->listener;
    // Pistache's default listen queue is 128: a burst of new connections
    // beyond it (clients reconnecting after a restart, a proxy opening its
    // pool) has its handshakes dropped and retried a second later. Room for
    // as many as may be open at once; the kernel caps it (net.core.somaxconn).
    const int backlog =
        static_cast<int>(std::min<std::size_t>(options_.limits.max_connections, kMaxListenBacklog));
    listener.init(options_.threads,
                  Flags<Tcp::Options>(Tcp::Options::ReuseAddr | Tcp::Options::NoDelay), "",
                  backlog);
    auto handler = parts_->handler;
    const auto limits = options_.limits;
    const auto timeouts = options_.timeouts;
    const auto log = options_.log;
    auto budget = parts_->budget;
    auto idle = options_.thread_idle;
    auto lookups = options_.session_lookups;
    Metrics* metrics = options_.metrics;
    listener.setTransportFactory([handler, limits, timeouts, budget, log, idle, lookups, metrics] {
        return std::make_shared<GuardedTransport>(handler, limits, timeouts, budget, log, idle,
                                                  lookups, metrics);
    });
    listener.setHandler(parts_->handler);
    listener.bind(address);
    listener.runThreaded();
    running_ = true;
}

std::uint16_t HttpServer::port() const {
    return static_cast<std::uint16_t>(parts_->listener.getPort());
}

void HttpServer::drain_and_stop(std::chrono::milliseconds grace) {
    parts_->tracker->start_draining();
    parts_->tracker->wait_idle(grace);
    // Answers queued by finished handlers are written by the reactor threads.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (running_) {
        parts_->listener.shutdown();
        running_ = false;
    }
}

}  // namespace authapi
