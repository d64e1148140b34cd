// The settings table against what it feeds and what documents it: the
// loader reads exactly its variables, each documented default is the real
// one, and --help and the README's settings table list the same names with
// the same defaults.
#include <doctest/doctest.h>

#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "cli/usage.hpp"
#include "config_settings.hpp"
#include "temp_directory.hpp"

using namespace authapi;

namespace {

using Defaults = std::vector<std::pair<std::string, std::string>>;  // name, default

// "NAME=default" lines, so that a mismatch shows which row differs.
std::string listed(const Defaults& rows) {
    std::string text;
    for (const auto& [name, value] : rows) text += name + "=" + value + "\n";
    return text;
}

std::string spell(const Config& config) {
    std::string text;
    for (const Setting& setting : config_settings()) {
        text += std::string(setting.name) + "=" + setting.spelled(config) + "\n";
    }
    return text;
}

EnvLookup only(const std::string& name, const std::string& value) {
    return [=](const char* asked) -> std::optional<std::string> {
        if (name == asked) return value;
        return std::nullopt;
    };
}

Defaults table_defaults() {
    Defaults rows;
    for (const Setting& setting : config_settings()) {
        rows.emplace_back(setting.name, setting.default_text);
    }
    return rows;
}

std::string trimmed(std::string text) {
    text.erase(0, text.find_first_not_of(' '));
    text.erase(text.find_last_not_of(' ') + 1);
    return text;
}

std::string without_backticks(std::string text) {
    if (text.size() >= 2 && text.front() == '`' && text.back() == '`') {
        text = text.substr(1, text.size() - 2);
    }
    return text;
}

std::string readme() {
    const char* root = std::getenv("AUTH_API_SOURCE_ROOT");
    REQUIRE_MESSAGE(root != nullptr, "AUTH_API_SOURCE_ROOT names the source tree (meson sets it)");
    const std::string text = test::read_file(std::string(root) + "/README.md");
    REQUIRE_FALSE(text.empty());
    return text;
}

// The rows of the table under "## Configuration": `NAME` | default | meaning.
Defaults readme_defaults(const std::string& text) {
    const std::size_t section = text.find("\n## Configuration\n");
    REQUIRE(section != std::string::npos);
    const std::size_t end = text.find("\n## ", section + 1);
    std::istringstream lines(text.substr(section, end - section));
    Defaults rows;
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("| `", 0) != 0) continue;
        const std::size_t first = line.find('|', 1);
        const std::size_t second = line.find('|', first + 1);
        REQUIRE(second != std::string::npos);
        rows.emplace_back(without_backticks(trimmed(line.substr(1, first - 1))),
                          without_backticks(trimmed(line.substr(first + 1, second - first - 1))));
    }
    return rows;
}

// The settings --help lists: "  NAME   help ... (…; default: D)", the
// entry's continuation lines joined to it.
Defaults help_defaults() {
    std::ostringstream help;
    write_help(help);
    std::istringstream lines(help.str().substr(help.str().find("\nEnvironment")));
    std::vector<std::string> entries;
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("  ", 0) != 0) continue;
        if (line[2] != ' ') {
            entries.push_back(line);
        } else {
            REQUIRE_FALSE(entries.empty());
            entries.back() += " " + trimmed(line);
        }
    }
    Defaults rows;
    for (const auto& entry : entries) {
        const std::string name = entry.substr(2, entry.find(' ', 2) - 2);
        const std::size_t mark = entry.rfind("default: ");
        REQUIRE_MESSAGE(mark != std::string::npos, entry);
        REQUIRE(entry.back() == ')');
        rows.emplace_back(name, entry.substr(mark + 9, entry.size() - mark - 10));
    }
    return rows;
}

}  // namespace

TEST_CASE("settings table: the loader reads exactly the table's variables, once each") {
    std::vector<std::string> asked;
    load_config([&](const char* name) -> std::optional<std::string> {
        asked.emplace_back(name);
        return std::nullopt;
    });
    std::vector<std::string> names;
    for (const Setting& setting : config_settings()) names.emplace_back(setting.name);
    CHECK(asked == names);
    CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());
}

TEST_CASE("settings table: each documented default is what an unset variable gives") {
    const Config defaults = load_config([](const char*) { return std::nullopt; });
    const unsigned cores = std::thread::hardware_concurrency();
    for (const Setting& setting : config_settings()) {
        INFO(setting.name << " documented as " << setting.default_text);
        const std::string documented = setting.default_text;
        if (documented == "number of cores") {
            CHECK(setting.spelled(defaults) == std::to_string(cores == 0 ? 1 : cores));
        } else if (documented == "unset") {
            CHECK(setting.spelled(defaults) == "unset");
        } else {
            // Setting the documented default explicitly changes nothing.
            const Config explicit_default = load_config(only(setting.name, documented));
            CHECK(explicit_default.warnings.empty());
            CHECK(spell(explicit_default) == spell(defaults));
            CHECK(setting.spelled(defaults) == documented);
        }
    }
}

TEST_CASE("settings table: integer bounds are enforced at both ends") {
    for (const Setting& setting : config_settings()) {
        if (setting.type != SettingType::Integer || setting.min == INT64_MIN) continue;
        INFO(setting.name);
        CHECK_NOTHROW(load_config(only(setting.name, std::to_string(setting.min))));
        CHECK_NOTHROW(load_config(only(setting.name, std::to_string(setting.max))));
        CHECK_THROWS_WITH_AS(load_config(only(setting.name, std::to_string(setting.min - 1))),
                             doctest::Contains(setting.name), ConfigError);
        CHECK_THROWS_WITH_AS(load_config(only(setting.name, std::to_string(setting.max + 1))),
                             doctest::Contains(setting.name), ConfigError);
    }
}

TEST_CASE("settings table: secrets are never echoed in a refusal") {
    for (const Setting& setting : config_settings()) {
        if (setting.type != SettingType::Secret) continue;
        INFO(setting.name);
        try {
            load_config(only(setting.name, "s3cr"));
        } catch (const ConfigError& e) {
            CHECK(std::string(e.what()).find("s3cr") == std::string::npos);
        }
    }
}

TEST_CASE("--help lists every setting, in the table's order, with its default") {
    CHECK(listed(help_defaults()) == listed(table_defaults()));
}

TEST_CASE("the README's settings table names the same variables with the same defaults") {
    CHECK(listed(readme_defaults(readme())) == listed(table_defaults()));
}

TEST_CASE("the README's command-line section shows every command as --help does") {
    const std::string text = readme();
    const std::size_t section = text.find("\n## Command line\n");
    REQUIRE(section != std::string::npos);
    const std::string commands = text.substr(section, text.find("\n## ", section + 1) - section);
    for (const CommandUsage& usage : command_usages()) {
        INFO(usage.synopsis);
        CHECK(commands.find(usage.synopsis) != std::string::npos);
    }
}
