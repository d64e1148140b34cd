#include "config.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "database_url.hpp"
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

std::string quoted(const std::string& value) {
    return "'" + value + "'";
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

std::int64_t parse_bounded(const char* var, const std::string& value, std::int64_t min,
                           std::int64_t max) {
    const auto parsed = parse_python_int(value);
    if (!parsed || *parsed < min || *parsed > max) {
        throw ConfigError(std::string(var) + "=" + quoted(value) + ": expected an integer from " +
                          std::to_string(min) + " to " + std::to_string(max));
    }
    return *parsed;
}

bool parse_flag(const char* var, const std::string& value) {
    if (value == "1" || value == "true" || value == "yes") return true;
    if (value == "0" || value == "false" || value == "no" || value.empty()) return false;
    throw ConfigError(std::string(var) + "=" + quoted(value) + ": expected 1 or 0");
}

// "https://a.example, http://localhost:3000" -> each origin, trimmed.
std::vector<std::string> parse_origins(const std::string& value) {
    std::vector<std::string> origins;
    std::size_t start = 0;
    while (start <= value.size()) {
        const std::size_t comma = std::min(value.find(',', start), value.size());
        std::string origin = value.substr(start, comma - start);
        origin.erase(0, origin.find_first_not_of(" \t"));
        origin.erase(origin.find_last_not_of(" \t") + 1);
        if (!origin.empty()) {
            if (origin.find("://") == std::string::npos || origin.back() == '/') {
                throw ConfigError("ALLOWED_ORIGINS=" + quoted(value) + ": " + quoted(origin) +
                                  " is not an origin (scheme://host[:port], no path)");
            }
            origins.push_back(std::move(origin));
        }
        start = comma + 1;
    }
    return origins;
}

}  // namespace

const char* auth_type_name(AuthType type) {
    for (const auto& entry : kAuthTypes) {
        if (entry.type == type) return entry.name;
    }
    return "none";
}

EnvLookup process_environment() {
    return [](const char* name) -> std::optional<std::string> {
        const char* value = std::getenv(name);
        if (value == nullptr) return std::nullopt;
        return std::string(value);
    };
}

Config load_config(const EnvLookup& env) {
    Config config;
    const unsigned cores = std::thread::hardware_concurrency();
    config.threads = cores == 0 ? 1 : cores;
    config.hash_threads = config.threads;

    if (auto host = env("API_HOST")) {
        in6_addr scratch{};
        if (inet_pton(AF_INET, host->c_str(), &scratch) != 1 &&
            inet_pton(AF_INET6, host->c_str(), &scratch) != 1 && *host != "localhost") {
            throw ConfigError("API_HOST=" + quoted(*host) +
                              ": expected an IPv4 or IPv6 address, or localhost");
        }
        config.host = *host;
    }
    if (auto port = env("API_PORT")) {
        config.port = static_cast<std::uint16_t>(parse_bounded("API_PORT", *port, 0, 65535));
    }
    if (auto type = env("AUTH_TYPE"); type && !type->empty()) {
        bool known = false;
        for (const auto& entry : kAuthTypes) {
            if (*type == entry.name) {
                config.auth_type = entry.type;
                known = true;
            }
        }
        if (!known) {
            throw ConfigError("AUTH_TYPE=" + quoted(*type) +
                              ": expected one of auth, basic_auth, session_auth, "
                              "session_exp_auth, session_db_auth (or unset for no "
                              "authentication)");
        }
    }
    if (auto name = env("SESSION_NAME")) {
        if (!is_cookie_name(*name)) {
            throw ConfigError("SESSION_NAME=" + quoted(*name) +
                              ": expected a cookie name (letters, digits, and !#$%&'*+-.^_`|~)");
        }
        config.session_name = *name;
    }
    if (auto duration = env("SESSION_DURATION")) {
        // The reference's int(os.getenv(...)) with a fallback to 0.
        if (auto parsed = parse_python_int(*duration)) {
            config.session_duration = *parsed;
        } else {
            config.warnings.push_back("SESSION_DURATION=" + quoted(*duration) +
                                      " is not an integer: sessions never expire");
        }
    }
    if (auto seconds = env("SESSION_IDLE_TIMEOUT")) {
        config.session_idle_timeout =
            parse_bounded("SESSION_IDLE_TIMEOUT", *seconds, 0, 10LL * 366 * 24 * 3600);
    }
    if (auto seconds = env("SESSION_SWEEP_INTERVAL")) {
        config.session_sweep_interval =
            parse_bounded("SESSION_SWEEP_INTERVAL", *seconds, 0, 24 * 3600);
    }
    if (auto path = env("DB_PATH")) {
        if (path->empty()) throw ConfigError("DB_PATH is empty: expected a file path");
        config.db_path = *path;
    }
    if (auto url = env("DATABASE_URL")) {
        if (url->rfind("postgresql://", 0) != 0 && url->rfind("postgres://", 0) != 0) {
            // The value is not echoed: it may carry a password.
            throw ConfigError(
                "DATABASE_URL: expected postgresql://[user[:password]@][host][:port]/dbname"
                "[?param=value...]");
        }
        config.database_url = *url;
    }
    if (auto threads = env("API_THREADS")) {
        config.threads = static_cast<unsigned>(parse_bounded("API_THREADS", *threads, 1, 256));
    }
    if (auto threads = env("API_HASH_THREADS")) {
        config.hash_threads =
            static_cast<unsigned>(parse_bounded("API_HASH_THREADS", *threads, 1, 256));
    }
    if (auto queue = env("API_HASH_QUEUE")) {
        config.hash_queue =
            static_cast<std::size_t>(parse_bounded("API_HASH_QUEUE", *queue, 1, 100000));
    }
    if (auto bytes = env("API_MAX_REQUEST_BYTES")) {
        config.max_request_bytes = static_cast<std::size_t>(
            parse_bounded("API_MAX_REQUEST_BYTES", *bytes, 1024, 64 * 1024 * 1024));
    }
    if (auto count = env("API_MAX_CONNECTIONS")) {
        config.max_connections =
            static_cast<std::size_t>(parse_bounded("API_MAX_CONNECTIONS", *count, 16, 1000000));
    }
    if (auto bytes = env("API_MAX_PENDING_HEAD_BYTES")) {
        config.max_pending_head_bytes = static_cast<std::size_t>(parse_bounded(
            "API_MAX_PENDING_HEAD_BYTES", *bytes, 1024 * 1024, 64LL * 1024 * 1024 * 1024));
    }
    if (auto seconds = env("API_REQUEST_TIMEOUT")) {
        config.request_timeout_seconds = parse_bounded("API_REQUEST_TIMEOUT", *seconds, 1, 3600);
    }
    if (auto seconds = env("API_KEEPALIVE_TIMEOUT")) {
        config.keepalive_timeout_seconds =
            parse_bounded("API_KEEPALIVE_TIMEOUT", *seconds, 1, 3600);
    }
    if (auto secure = env("COOKIE_SECURE"))
        config.cookie_secure = parse_flag("COOKIE_SECURE", *secure);
    if (auto limit = env("THROTTLE_ACCOUNT_FAILURES")) {
        config.throttle_account_failures =
            static_cast<int>(parse_bounded("THROTTLE_ACCOUNT_FAILURES", *limit, 0, 1000000));
    }
    if (auto limit = env("THROTTLE_IP_FAILURES")) {
        config.throttle_ip_failures =
            static_cast<int>(parse_bounded("THROTTLE_IP_FAILURES", *limit, 0, 1000000));
    }
    if (auto seconds = env("THROTTLE_WINDOW")) {
        config.throttle_window_seconds = parse_bounded("THROTTLE_WINDOW", *seconds, 1, 86400);
    }
    if (auto strict = env("AUTH_STRICT")) config.auth_strict = parse_flag("AUTH_STRICT", *strict);
    if (auto origins = env("ALLOWED_ORIGINS")) config.allowed_origins = parse_origins(*origins);
    if (auto access = env("ACCESS_LOG")) config.access_log = parse_flag("ACCESS_LOG", *access);
    if (auto format = env("LOG_FORMAT")) {
        if (*format == "json") {
            config.log_format = LogFormat::Json;
        } else if (*format == "text" || format->empty()) {
            config.log_format = LogFormat::Text;
        } else {
            throw ConfigError("LOG_FORMAT=" + quoted(*format) + ": expected text or json");
        }
    }
    if (auto token = env("METRICS_TOKEN")) config.metrics_token = *token;
    if (auto key = env("AUDIT_KEY")) {
        if (!key->empty() && key->size() < 16) {
            throw ConfigError("AUDIT_KEY: expected a secret of at least 16 characters");
        }
        config.audit_key = *key;
    }
    return config;
}

std::string describe_database(const Config& config) {
    if (!config.database_url) return config.db_path;
    return redact_database_url(*config.database_url);
}

}  // namespace authapi
