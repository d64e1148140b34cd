#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/forwarding_policy.hpp"
#include "observability/access_log.hpp"
#include "server/connection_settings.hpp"
#include "session_lookup.hpp"

namespace authapi {

class ApiRouter;
class Metrics;

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
    // Run on each HTTP thread between requests (every reactor tick): the
    // store lets go of what a thread holds between lookups there (SQLite:
    // its read snapshot). May be empty.
    std::function<void()> thread_idle;
    // Makes one HTTP thread's SessionLookupPipeline (PostgreSQL): requests
    // with a session cookie send their lookup ahead, many in one round trip.
    // May be empty: each request looks its session up itself.
    std::function<std::unique_ptr<SessionLookupPipeline>()> session_lookups;
};

// "http://127.0.0.1:5000", "http://[::1]:5000": where a server on `host` and `port` answers.
std::string http_url(const std::string& host, std::uint16_t port);

// A Pistache listener serving one ApiRouter on reactor threads. Pistache
// stays behind this header: whoever starts a server needs none of its types.
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
    struct Parts;  // the handler, its pools and bounds, and Pistache's listener

    ServerOptions options_;
    std::unique_ptr<Parts> parts_;
    bool running_ = false;
};

}  // namespace authapi
