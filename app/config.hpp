#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "api/access_policy.hpp"
#include "http/ip_address.hpp"
#include "observability/log_format.hpp"

namespace authapi {

enum class AuthType { None, Auth, BasicAuth, SessionAuth, SessionExpAuth, SessionDbAuth };

const char* auth_type_name(AuthType type);

struct Config;
// Where the data lives, for logs and messages: the SQLite path, or the
// PostgreSQL URL without its password.
std::string describe_database(const Config& config);

// Everything read from the environment, once, at startup.
struct Config {
    std::string host = "0.0.0.0";
    std::uint16_t port = 5000;  // 0: any free port (the startup line says which)
    AuthType auth_type = AuthType::None;
    std::string session_name = "_my_session_id";
    std::int64_t session_duration = 0;         // seconds; <= 0: sessions never expire
    std::int64_t session_idle_timeout = 0;     // seconds without a request; 0: no idle expiry
    std::int64_t session_sweep_interval = 60;  // seconds between purges; 0: no background purge
    // A user's sessions beyond this many end, oldest first, at the next login.
    std::int64_t max_sessions_per_user = 100;
    std::string db_path = "auth.db";
    // postgresql://... : users and sessions in PostgreSQL instead of db_path.
    std::optional<std::string> database_url;
    unsigned threads = 1;
    unsigned hash_threads = 1;    // worker threads for the password hash
    int hash_nice = 10;           // added to the hash threads' nice value
    std::size_t hash_queue = 64;  // hash jobs that may wait; beyond: 503
    // Of those, how many one client IP may have waiting; 0 (unset): a
    // quarter of hash_queue, at least 1 (see waiting_hash_jobs_per_ip).
    std::size_t hash_queue_per_ip = 0;
    // SQLite page cache per connection (one per thread that reads), MiB.
    std::int64_t db_cache_mib = 4;
    // Of the SQLite file, how much each connection reads through a memory
    // map, MiB; 0: none (storage/sqlite_memory.hpp).
    std::int64_t db_mmap_mib = 0;
    bool cookie_secure = false;
    std::string session_same_site = "Lax";      // Lax, Strict or None (None needs cookie_secure)
    std::size_t max_request_bytes = 64 * 1024;  // for the headers, and for the body
    std::size_t max_connections = 4096;         // open at once; beyond: 503 and closed
    // Held for unfinished request heads, all connections together.
    std::size_t max_pending_head_bytes = 64 * 1024 * 1024;
    std::int64_t request_timeout_seconds = 10;    // to send a request's headers, and its body
    std::int64_t keepalive_timeout_seconds = 15;  // idle time before a connection is closed
    // Failed credential checks allowed per sliding window (0: no limit).
    int throttle_account_failures = 10;
    int throttle_ip_failures = 100;
    std::int64_t throttle_window_seconds = 900;
    // Unknown email and wrong password get the same answer.
    bool auth_strict = false;
    // Other sites' origins, serialized as browsers write them
    // ("https://app.example.com"): allowed to send cookie-authenticated
    // unsafe requests, and answered with credentialed CORS. The API's own
    // origin is always allowed.
    std::vector<std::string> allowed_origins;
    // The API's own origin when the Host it receives is not the one browsers
    // use (a proxy that rewrites Host); unset: scheme and Host of each request.
    std::optional<std::string> public_origin;
    // Peers whose Forwarded / X-Forwarded-* headers are believed; empty: none.
    std::vector<IpNetwork> trusted_proxies;
    bool access_log = true;
    // Bytes of log lines a reactor thread holds during one round of ready
    // connections (see LogBatch); 0: each line is written at once.
    std::size_t access_log_buffer = 64 * 1024;
    LogFormat log_format = LogFormat::Text;
    // Keys the audit log's session and account tags; empty: a random key per
    // process (tags then differ across restarts).
    std::string audit_key;
    // When set, GET /api/v1/metrics wants "Authorization: Bearer <token>".
    std::string metrics_token;
    // Who may call what once authenticated (app/api/access_policy.hpp).
    AccessPolicy access_policy = AccessPolicy::Task;
    // Accepted values that were not what the user probably meant.
    std::vector<std::string> warnings;
};

// How many hash jobs one client IP may have waiting (API_HASH_QUEUE_PER_IP,
// or its default).
std::size_t waiting_hash_jobs_per_ip(const Config& config);

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

EnvLookup process_environment();

// Throws ConfigError naming the variable, the bad value and what is accepted.
Config load_config(const EnvLookup& env);

}  // namespace authapi
