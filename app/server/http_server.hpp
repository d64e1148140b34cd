#pragma once

#include <pistache/listener.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "api_handler.hpp"
#include "guarded_transport.hpp"
#include "request_tracker.hpp"
#include "worker_pool.hpp"

namespace authapi {

struct ServerOptions {
    std::string host;
    std::uint16_t port = 0;
    unsigned threads = 1;
    unsigned hash_threads = 1;
    int hash_nice = 10;  // added to the hash threads' nice value
    std::size_t hash_queue = 64;
    std::size_t hash_queue_per_client = 16;  // of hash_queue, per client IP
    ConnectionLimits limits;
    ConnectionTimeouts timeouts;
    AccessLog log;
    Metrics* metrics = nullptr;   // not owned; may be null
    ForwardingPolicy forwarding;  // TRUSTED_PROXIES
};

// "http://127.0.0.1:5000", "http://[::1]:5000": where a server on `host` and `port` answers.
std::string http_url(const std::string& host, std::uint16_t port);

// A Pistache listener serving one ApiRouter on reactor threads.
class HttpServer {
public:
    HttpServer(ServerOptions options, std::shared_ptr<const ApiRouter> router);
    ~HttpServer();

    // Binds and starts the reactor threads; throws when the address is bad or taken.
    void start();
    std::uint16_t port() const;
    // Refuses new requests with 503, lets the ones in flight finish (up to
    // `grace`), then stops the reactor threads.
    void drain_and_stop(std::chrono::milliseconds grace);

private:
    ServerOptions options_;
    std::shared_ptr<RequestTracker> tracker_;
    std::shared_ptr<WorkerPool> pool_;
    std::shared_ptr<ApiHandler> handler_;
    std::shared_ptr<ConnectionBudget> budget_;
    Pistache::Tcp::Listener listener_;
    bool running_ = false;
};

}  // namespace authapi
