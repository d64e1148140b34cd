#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "config.hpp"

namespace authapi {

enum class SettingType { Integer, Flag, Choice, Text, Secret, List };

// One environment variable: how it is read, its documented default and what
// it means. The loader, `--help` and the README's settings table all follow
// the one table of these (config_settings.cpp); a test keeps the README in
// step with it.
struct Setting {
    const char* name;
    SettingType type;
    // Integer: the accepted range, inclusive. Unused for other types.
    std::int64_t min;
    std::int64_t max;
    // As documented: a value as the environment would spell it, or "unset",
    // or "number of cores".
    const char* default_text;
    // One sentence for --help.
    const char* help;
    // Parses `value` into `config`; throws ConfigError naming the variable.
    std::function<void(const std::string& value, Config& config)> apply;
    // The setting's value in `config`, spelt as the environment would set
    // it ("unset" when it is): for tests comparing configurations. Secrets
    // included, so never for a log.
    std::function<std::string(const Config& config)> spelled;
};

// Every setting, in the order of the README's table.
const std::vector<Setting>& config_settings();

}  // namespace authapi
