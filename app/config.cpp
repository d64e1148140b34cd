#include "config.hpp"

#include <arpa/inet.h>

#include <cstdlib>
#include <thread>

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
    if (auto path = env("DB_PATH")) {
        if (path->empty()) throw ConfigError("DB_PATH is empty: expected a file path");
        config.db_path = *path;
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
    if (auto seconds = env("API_REQUEST_TIMEOUT")) {
        config.request_timeout_seconds = parse_bounded("API_REQUEST_TIMEOUT", *seconds, 1, 3600);
    }
    if (auto seconds = env("API_KEEPALIVE_TIMEOUT")) {
        config.keepalive_timeout_seconds =
            parse_bounded("API_KEEPALIVE_TIMEOUT", *seconds, 1, 3600);
    }
    if (auto secure = env("COOKIE_SECURE")) {
        if (*secure == "1" || *secure == "true" || *secure == "yes") {
            config.cookie_secure = true;
        } else if (*secure == "0" || *secure == "false" || *secure == "no" || secure->empty()) {
            config.cookie_secure = false;
        } else {
            throw ConfigError("COOKIE_SECURE=" + quoted(*secure) + ": expected 1 or 0");
        }
    }
    return config;
}

}  // namespace authapi
