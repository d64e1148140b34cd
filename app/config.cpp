#include "config.hpp"

#include <cctype>
#include <cstdlib>
#include <string_view>
#include <thread>

#include "config_settings.hpp"
#include "database_url.hpp"

namespace authapi {

namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i]))) {
            return false;
        }
    }
    return true;
}

// Settings that are each fine alone but contradict each other. Throws
// ConfigError naming both variables.
void check_combinations(const Config& config) {
    // Browsers drop a cookie with one of these prefixes unless it is Secure,
    // without a word: every login would look fine and no session would stick.
    for (const std::string_view prefix : {"__Host-", "__Secure-"}) {
        if (starts_with_ignoring_case(config.session_name, prefix) && !config.cookie_secure) {
            throw ConfigError("SESSION_NAME='" + config.session_name +
                              "' needs COOKIE_SECURE=1: browsers drop a cookie named " +
                              std::string(prefix) + "... unless it is Secure (served over HTTPS)");
        }
    }
    if (config.session_same_site == "None" && !config.cookie_secure) {
        // Browsers refuse such a cookie: no session would ever be stored.
        throw ConfigError(
            "SESSION_SAMESITE=None needs COOKIE_SECURE=1 (browsers refuse a SameSite=None "
            "cookie without Secure, so no session would ever stick)");
    }
    if (config.access_policy == AccessPolicy::Owner && config.auth_type == AuthType::None) {
        throw ConfigError(
            "ACCESS_POLICY=owner needs AUTH_TYPE: without authentication there is no caller "
            "to check");
    }
}

}  // namespace

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
    for (const Setting& setting : config_settings()) {
        if (auto value = env(setting.name)) setting.apply(*value, config);
    }
    check_combinations(config);
    return config;
}

std::size_t waiting_hash_jobs_per_ip(const Config& config) {
    if (config.hash_queue_per_ip > 0) return config.hash_queue_per_ip;
    return config.hash_queue / 4 > 0 ? config.hash_queue / 4 : 1;
}

std::string describe_database(const Config& config) {
    if (!config.database_url) return config.db_path;
    return redact_database_url(*config.database_url);
}

}  // namespace authapi
