#include "config.hpp"

#include <cstdlib>
#include <thread>

#include "config_settings.hpp"
#include "database_url.hpp"

namespace authapi {

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
    return config;
}

std::string describe_database(const Config& config) {
    if (!config.database_url) return config.db_path;
    return redact_database_url(*config.database_url);
}

}  // namespace authapi
