// SESSION_DURATION (and every integer setting) as Python's int() reads it,
// then the whole configuration loader with that text in each variable.
#include <cstdlib>
#include <string>

#include "config.hpp"
#include "fuzz_input.hpp"
#include "python_int.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(authapi::fuzz::as_text(data, size));
    authapi::parse_python_int(text);
    authapi::read_python_int(text);
    for (const char* variable :
         {"SESSION_DURATION", "API_PORT", "API_THREADS", "API_MAX_REQUEST_BYTES",
          "API_REQUEST_TIMEOUT", "MAX_SESSIONS_PER_USER", "API_HASH_QUEUE_PER_IP"}) {
        const authapi::EnvLookup env = [&](const char* name) -> std::optional<std::string> {
            if (std::string(name) == variable) return text;
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
