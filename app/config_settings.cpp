#include "config_settings.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <string_view>

#include "http/ascii_text.hpp"
#include "http/ip_address.hpp"
#include "http/origin.hpp"
#include "python_int.hpp"

namespace authapi {

namespace {

struct AuthTypeName {
    const char* name;
    AuthType type;
};

constexpr AuthTypeName kAuthTypes[] = {
    {"auth", AuthType::Auth},
    {"basic_auth", AuthType::BasicAuth},
    {"session_auth", AuthType::SessionAuth},
    {"session_exp_auth", AuthType::SessionExpAuth},
    {"session_db_auth", AuthType::SessionDbAuth},
};

constexpr std::int64_t kTenYears = 10LL * 366 * 24 * 3600;
constexpr std::int64_t kDay = 24 * 3600;

std::string quoted(const std::string& value) {
    return "'" + value + "'";
}

[[noreturn]] void refuse(const char* name, const std::string& value, const std::string& expected) {
    throw ConfigError(std::string(name) + "=" + quoted(value) + ": " + expected);
}

std::int64_t parse_bounded(const char* name, const std::string& value, std::int64_t min,
                           std::int64_t max) {
    const auto parsed = parse_python_int(value);
    if (!parsed || *parsed < min || *parsed > max) {
        refuse(name, value,
               "expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return *parsed;
}

bool parse_flag(const char* name, const std::string& value) {
    if (value == "1" || value == "true" || value == "yes") return true;
    if (value == "0" || value == "false" || value == "no" || value.empty()) return false;
    refuse(name, value, "expected 1 or 0");
}

// RFC 6265 cookie-name: an RFC 7230 token.
bool is_cookie_name(const std::string& name) {
    if (name.empty()) return false;
    for (unsigned char c : name) {
        if (c <= 0x20 || c >= 0x7f) return false;
        if (std::string_view("()<>@,;:\\\"/[]?={}").find(static_cast<char>(c)) !=
            std::string_view::npos) {
            return false;
        }
    }
    return true;
}

bool is_host(const std::string& host) {
    in6_addr scratch{};
    return inet_pton(AF_INET, host.c_str(), &scratch) == 1 ||
           inet_pton(AF_INET6, host.c_str(), &scratch) == 1 || host == "localhost";
}

// "a, b ,c" -> "a", "b", "c" (empty items dropped).
std::vector<std::string> split_list(const std::string& value) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= value.size()) {
        const std::size_t comma = std::min(value.find(',', start), value.size());
        std::string item = value.substr(start, comma - start);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty()) items.push_back(std::move(item));
        start = comma + 1;
    }
    return items;
}

// One origin, as browsers write it ("HTTPS://A.example:443" -> "https://a.example").
std::string parse_origin_item(const char* name, const std::string& value, const std::string& item) {
    const auto origin = parse_origin(item);
    if (!origin) {
        refuse(name, value,
               quoted(item) +
                   " is not an origin (http:// or https://, a host, an optional port, no path)");
    }
    return origin->serialize();
}

// "https://a.example, http://localhost:3000" -> each origin, as browsers write it.
std::vector<std::string> parse_origins(const char* name, const std::string& value) {
    std::vector<std::string> origins;
    for (const auto& item : split_list(value)) {
        origins.push_back(parse_origin_item(name, value, item));
    }
    return origins;
}

// "127.0.0.1, 10.0.0.0/8, ::1" -> each network.
std::vector<IpNetwork> parse_networks(const char* name, const std::string& value) {
    std::vector<IpNetwork> networks;
    for (const auto& item : split_list(value)) {
        const auto network = parse_ip_network(item);
        if (!network) {
            refuse(name, value,
                   quoted(item) +
                       " is not an IP address or CIDR network (192.0.2.10, 10.0.0.0/8, "
                       "2001:db8::/32; host bits zero)");
        }
        networks.push_back(*network);
    }
    return networks;
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
    return text.empty() ? "unset" : text;
}

// Row builders: each gives a row its parser and its spelling from the
// Config member it sets.

template <typename Number>
Setting integer(const char* name, Number Config::*field, std::int64_t min, std::int64_t max,
                const char* default_text, const char* help) {
    return {name,
            SettingType::Integer,
            min,
            max,
            default_text,
            help,
            [=](const std::string& value, Config& config) {
                config.*field = static_cast<Number>(parse_bounded(name, value, min, max));
            },
            [=](const Config& config) { return std::to_string(config.*field); }};
}

Setting flag(const char* name, bool Config::*field, const char* default_text, const char* help) {
    return {
        name,
        SettingType::Flag,
        0,
        1,
        default_text,
        help,
        [=](const std::string& value, Config& config) { config.*field = parse_flag(name, value); },
        [=](const Config& config) { return std::string(config.*field ? "1" : "0"); }};
}

// `check` says what is expected when it refuses a value (nullptr: accepted).
using TextCheck = const char* (*)(const std::string& value);

Setting text(const char* name, SettingType type, std::string Config::*field,
             const char* default_text, const char* help, TextCheck check) {
    return {name,
            type,
            0,
            0,
            default_text,
            help,
            [=](const std::string& value, Config& config) {
                if (const char* expected = check(value)) {
                    // A secret is never echoed.
                    if (type == SettingType::Secret) {
                        throw ConfigError(std::string(name) + ": " + expected);
                    }
                    refuse(name, value, expected);
                }
                config.*field = value;
            },
            [=](const Config& config) {
                return (config.*field).empty() ? std::string("unset") : config.*field;
            }};
}

const char* any_text(const std::string&) {
    return nullptr;
}

// Where it listens and how it authenticates.
void add_service_settings(std::vector<Setting>& rows) {
    rows.push_back(
        text("API_HOST", SettingType::Text, &Config::host, "0.0.0.0",
             "bind address: an IPv4 or IPv6 address, or localhost", [](const std::string& value) {
                 return is_host(value) ? nullptr : "expected an IPv4 or IPv6 address, or localhost";
             }));
    rows.push_back(integer("API_PORT", &Config::port, 0, 65535, "5000",
                           "port; 0 picks a free one (the startup line says which)"));
    rows.push_back(
        {"AUTH_TYPE", SettingType::Choice, 0, 0, "unset",
         "unset or empty: no authentication; auth, basic_auth, session_auth (sessions in memory), "
         "session_exp_auth (in memory, expiring) or session_db_auth (in the database, expiring)",
         [](const std::string& value, Config& config) {
             if (value.empty()) return;
             for (const auto& entry : kAuthTypes) {
                 if (value == entry.name) {
                     config.auth_type = entry.type;
                     return;
                 }
             }
             refuse("AUTH_TYPE", value,
                    "expected one of auth, basic_auth, session_auth, session_exp_auth, "
                    "session_db_auth (or unset for no authentication)");
         },
         [](const Config& config) {
             return config.auth_type == AuthType::None ? std::string("unset")
                                                       : auth_type_name(config.auth_type);
         }});
}

// The session cookie and the session lifecycle.
void add_session_settings(std::vector<Setting>& rows) {
    rows.push_back(text("SESSION_NAME", SettingType::Text, &Config::session_name, "_my_session_id",
                        "the session cookie's name", [](const std::string& value) {
                            return is_cookie_name(value) ? nullptr
                                                         : "expected a cookie name (letters, "
                                                           "digits, and !#$%&'*+-.^_`|~)";
                        }));
    rows.push_back(
        {"SESSION_DURATION", SettingType::Integer, INT64_MIN, kTenYears, "0",
         "session lifetime in seconds (session_exp_auth, session_db_auth), read like Python's "
         "int(); <= 0 or not a number: sessions never expire; at most ten years",
         [](const std::string& value, Config& config) {
             // The reference's int(os.getenv(...)) with a fallback to 0, and
             // an upper bound: a longer lifetime overflows the expiry date.
             const PythonInt parsed = read_python_int(value);
             const bool too_long =
                 parsed.value ? *parsed.value > kTenYears : parsed.out_of_range && !parsed.negative;
             if (too_long) {
                 refuse("SESSION_DURATION", value,
                        "expected at most " + std::to_string(kTenYears) +
                            " seconds (ten years); 0 or less: sessions never expire");
             }
             if (parsed.value || parsed.out_of_range) {
                 config.session_duration = parsed.value.value_or(0);  // <= 0: never expire
             } else {
                 config.warnings.push_back("SESSION_DURATION=" + quoted(value) +
                                           " is not an integer: sessions never expire");
             }
         },
         [](const Config& config) { return std::to_string(config.session_duration); }});
    rows.push_back(integer("SESSION_IDLE_TIMEOUT", &Config::session_idle_timeout, 0, kTenYears, "0",
                           "seconds without a request after which a session ends; 0: never"));
    rows.push_back(integer("MAX_SESSIONS_PER_USER", &Config::max_sessions_per_user, 1, 1000000,
                           "100",
                           "live sessions one user may hold; a login beyond it ends that user's "
                           "oldest sessions"));
    rows.push_back(integer("SESSION_SWEEP_INTERVAL", &Config::session_sweep_interval, 0, kDay, "60",
                           "seconds between background purges of expired and idle sessions; "
                           "0: no background purge"));
}

// The store, and the threads that use it.
void add_store_and_thread_settings(std::vector<Setting>& rows) {
    rows.push_back(text(
        "DB_PATH", SettingType::Text, &Config::db_path, "auth.db", "the SQLite file",
        [](const std::string& value) { return value.empty() ? "expected a file path" : nullptr; }));
    rows.push_back(
        {"DATABASE_URL", SettingType::Secret, 0, 0, "unset",
         "postgresql://[user[:password]@][host][:port]/dbname[?param=value...]: users and "
         "sessions in PostgreSQL instead of DB_PATH",
         [](const std::string& value, Config& config) {
             if (value.rfind("postgresql://", 0) != 0 && value.rfind("postgres://", 0) != 0) {
                 // The value is not echoed: it may carry a password.
                 throw ConfigError(
                     "DATABASE_URL: expected postgresql://[user[:password]@][host][:port]/dbname"
                     "[?param=value...]");
             }
             config.database_url = value;
         },
         [](const Config& config) { return config.database_url.value_or("unset"); }});
    rows.push_back(integer("DB_CACHE_MB", &Config::db_cache_mib, 1, 4096, "4",
                           "MiB of SQLite page cache per database connection (one per HTTP and "
                           "hash thread, plus two); PostgreSQL ignores it"));
    rows.push_back(integer("DB_MMAP_MB", &Config::db_mmap_mib, 0, 2047, "0",
                           "MiB of the SQLite file each database connection reads through a "
                           "memory map instead of read(2); 0: none; PostgreSQL ignores it"));
    rows.push_back(
        integer("API_THREADS", &Config::threads, 1, 256, "number of cores", "HTTP worker threads"));
    rows.push_back(integer("API_HASH_THREADS", &Config::hash_threads, 1, 256, "number of cores",
                           "threads that run the Argon2id password hash, at a lower priority"));
    rows.push_back(integer("API_HASH_NICE", &Config::hash_nice, 0, 19, "10",
                           "added to the hash threads' nice value, so that requests in flight "
                           "go first when the cores are busy; 0: the same priority"));
    rows.push_back(integer("API_HASH_QUEUE", &Config::hash_queue, 1, 100000, "64",
                           "hash jobs that may wait for a hash thread; beyond: 503"));
    rows.push_back(
        {"API_HASH_QUEUE_PER_IP", SettingType::Integer, 1, 100000, "unset",
         "of those, how many one client IP may have waiting (beyond: 503); unset: a quarter of "
         "API_HASH_QUEUE, at least 1",
         [](const std::string& value, Config& config) {
             config.hash_queue_per_ip =
                 static_cast<std::size_t>(parse_bounded("API_HASH_QUEUE_PER_IP", value, 1, 100000));
         },
         [](const Config& config) {
             return config.hash_queue_per_ip == 0 ? std::string("unset")
                                                  : std::to_string(config.hash_queue_per_ip);
         }});
}

// Cookie attributes and the bounds of one request.
void add_request_settings(std::vector<Setting>& rows) {
    rows.push_back(flag("COOKIE_SECURE", &Config::cookie_secure, "0",
                        "1 adds Secure to the session cookie (serve over HTTPS then)"));
    rows.push_back(
        {"SESSION_SAMESITE", SettingType::Choice, 0, 0, "Lax",
         "the session cookie's SameSite: Lax, Strict, or None (only with COOKIE_SECURE=1)",
         [](const std::string& value, Config& config) {
             if (value.empty()) return;
             for (const char* same_site : {"Lax", "Strict", "None"}) {
                 if (ascii_equal_ignoring_case(value, same_site)) {
                     config.session_same_site = same_site;
                     return;
                 }
             }
             refuse("SESSION_SAMESITE", value, "expected Lax, Strict or None");
         },
         [](const Config& config) { return config.session_same_site; }});
    rows.push_back(integer("API_MAX_REQUEST_BYTES", &Config::max_request_bytes, 1024,
                           64 * 1024 * 1024, "65536",
                           "the largest header section, and the largest body, of a request"));
    rows.push_back(integer("API_MAX_CONNECTIONS", &Config::max_connections, 16, 1000000, "4096",
                           "connections open at once; one more gets 503 and is closed"));
    rows.push_back(integer("API_MAX_PENDING_HEAD_BYTES", &Config::max_pending_head_bytes,
                           1024 * 1024, 64LL * 1024 * 1024 * 1024, "67108864",
                           "bytes held for unfinished request heads, all connections together"));
    rows.push_back(integer("API_REQUEST_TIMEOUT", &Config::request_timeout_seconds, 1, 3600, "10",
                           "seconds a client has to send a request's headers, and then its body"));
    rows.push_back(integer("API_KEEPALIVE_TIMEOUT", &Config::keepalive_timeout_seconds, 1, 3600,
                           "15", "seconds an idle kept-alive connection stays open"));
}

// Throttling, and whom the API trusts: origins, proxies.
void add_trust_settings(std::vector<Setting>& rows) {
    rows.push_back(integer("THROTTLE_ACCOUNT_FAILURES", &Config::throttle_account_failures, 0,
                           1000000, "10",
                           "failed password checks (logins, Basic credentials, the current "
                           "password of a password change) allowed per account per window; "
                           "0: no limit"));
    rows.push_back(integer("THROTTLE_IP_FAILURES", &Config::throttle_ip_failures, 0, 1000000, "100",
                           "failed password checks allowed per client IP per window; 0: no limit"));
    rows.push_back(integer("THROTTLE_WINDOW", &Config::throttle_window_seconds, 1, kDay, "900",
                           "the sliding window of both limits, in seconds"));
    rows.push_back(flag("AUTH_STRICT", &Config::auth_strict, "0",
                        "1: an unknown email and a wrong password get the same answer"));
    rows.push_back(
        {"ALLOWED_ORIGINS", SettingType::List, 0, 0, "unset",
         "comma-separated origins of other sites allowed to send cookie-authenticated writes and "
         "logins, answered with credentialed CORS; the API's own origin is always allowed",
         [](const std::string& value, Config& config) {
             config.allowed_origins = parse_origins("ALLOWED_ORIGINS", value);
         },
         [](const Config& config) { return joined(config.allowed_origins); }});
    rows.push_back(
        {"PUBLIC_ORIGIN", SettingType::Text, 0, 0, "unset",
         "this API's origin as browsers see it, for a proxy that rewrites Host; unset: the "
         "scheme and Host of each request",
         [](const std::string& value, Config& config) {
             if (value.empty()) {
                 config.public_origin.reset();
                 return;
             }
             config.public_origin = parse_origin_item("PUBLIC_ORIGIN", value, value);
         },
         [](const Config& config) { return config.public_origin.value_or("unset"); }});
    rows.push_back({"TRUSTED_PROXIES", SettingType::List, 0, 0, "unset",
                    "comma-separated addresses and CIDR networks (IPv4, IPv6) whose Forwarded and "
                    "X-Forwarded-* headers are believed; unset: nobody's",
                    [](const std::string& value, Config& config) {
                        config.trusted_proxies = parse_networks("TRUSTED_PROXIES", value);
                    },
                    [](const Config& config) {
                        std::vector<std::string> networks;
                        for (const auto& network : config.trusted_proxies) {
                            networks.push_back(network.to_string());
                        }
                        return joined(networks);
                    }});
}

// Logs, audit, metrics, and who may call what.
void add_observability_and_access_settings(std::vector<Setting>& rows) {
    rows.push_back(flag("ACCESS_LOG", &Config::access_log, "1",
                        "0 leaves out the one-line-per-request access log"));
    rows.push_back(integer("ACCESS_LOG_BUFFER", &Config::access_log_buffer, 0, 16 * 1024 * 1024,
                           "65536",
                           "bytes of log lines an HTTP thread holds while it answers one round of "
                           "ready connections, written before the answers; 0: one write per line"));
    rows.push_back({"LOG_FORMAT", SettingType::Choice, 0, 0, "text",
                    "text or json: the access and error lines as JSON objects",
                    [](const std::string& value, Config& config) {
                        if (value == "json") {
                            config.log_format = LogFormat::Json;
                        } else if (value == "text" || value.empty()) {
                            config.log_format = LogFormat::Text;
                        } else {
                            refuse("LOG_FORMAT", value, "expected text or json");
                        }
                    },
                    [](const Config& config) {
                        return std::string(config.log_format == LogFormat::Json ? "json" : "text");
                    }});
    rows.push_back(text("AUDIT_KEY", SettingType::Secret, &Config::audit_key, "unset",
                        "a secret (16 characters or more) keying the audit log's tags; unset: a "
                        "random key per process",
                        [](const std::string& value) {
                            return !value.empty() && value.size() < 16
                                       ? "expected a secret of at least 16 characters"
                                       : nullptr;
                        }));
    rows.push_back(text("METRICS_TOKEN", SettingType::Secret, &Config::metrics_token, "unset",
                        "when set, GET /api/v1/metrics wants Authorization: Bearer <token>",
                        any_text));
    rows.push_back({"ACCESS_POLICY", SettingType::Choice, 0, 0, "task",
                    "task: any authenticated user may act on any user, as the task does; owner: "
                    "users reach only their own record, administrators everything (needs "
                    "AUTH_TYPE)",
                    [](const std::string& value, Config& config) {
                        if (value.empty()) return;
                        const auto policy = parse_access_policy(value);
                        if (!policy) {
                            refuse("ACCESS_POLICY", value,
                                   "expected task (any user may act on any user, the default) or "
                                   "owner (users act on themselves, administrators on everyone)");
                        }
                        config.access_policy = *policy;
                    },
                    [](const Config& config) {
                        return std::string(access_policy_name(config.access_policy));
                    }});
}

std::vector<Setting> make_settings() {
    std::vector<Setting> rows;
    add_service_settings(rows);
    add_session_settings(rows);
    add_store_and_thread_settings(rows);
    add_request_settings(rows);
    add_trust_settings(rows);
    add_observability_and_access_settings(rows);
    return rows;
}

}  // namespace

const char* auth_type_name(AuthType type) {
    for (const auto& entry : kAuthTypes) {
        if (entry.type == type) return entry.name;
    }
    return "none";
}

const std::vector<Setting>& config_settings() {
    static const std::vector<Setting> settings = make_settings();
    return settings;
}

}  // namespace authapi
