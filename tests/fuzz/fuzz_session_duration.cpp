// SESSION_DURATION (and every integer setting) as Python's int() reads it,
// then the whole configuration loader with that text in each setting of the table.
#include <cstdlib>
#include <string>

#include "config.hpp"
#include "config_settings.hpp"
#include "fuzz_input.hpp"
#include "python_int.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(authapi::fuzz::as_text(data, size));
    authapi::parse_python_int(text);
    authapi::read_python_int(text);
    for (const authapi::Setting& setting : authapi::config_settings()) {
        const authapi::EnvLookup env = [&](const char* name) -> std::optional<std::string> {
            if (std::string(name) == setting.name) return text;
            return std::nullopt;
        };
        try {
            authapi::load_config(env);
        } catch (const authapi::ConfigError&) {
            // A refused value is a clean outcome.
        }
    }
    return 0;
}
