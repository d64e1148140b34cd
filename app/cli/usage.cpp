#include "cli/usage.hpp"

#include <climits>
#include <sstream>
#include <string>

#include "config_settings.hpp"

namespace authapi {

namespace {

constexpr std::size_t kWidth = 100;
constexpr std::size_t kCommandColumn = 34;
constexpr std::size_t kSettingColumn = 30;

// `head` padded to `column`, then `text` wrapped at kWidth, continuation
// lines indented to `column`. A head too long for its column gets a line
// of its own.
void write_entry(std::ostream& out, const std::string& head, const std::string& text,
                 std::size_t column) {
    std::string line = head;
    if (line.size() + 1 > column) {
        out << line << "\n";
        line.clear();
    }
    line.resize(column, ' ');
    std::istringstream words(text);
    std::string word;
    bool first = true;
    while (words >> word) {
        if (!first && line.size() + 1 + word.size() > kWidth) {
            out << line << "\n";
            line.assign(column, ' ');
            first = true;
        }
        line += (first ? "" : " ") + word;
        first = false;
    }
    out << line << "\n";
}

std::string describe_setting(const Setting& setting) {
    std::string text = setting.help;
    text += " (";
    if (setting.type == SettingType::Integer && setting.min != INT64_MIN) {
        text += std::to_string(setting.min) + " to " + std::to_string(setting.max) + "; ";
    }
    text += std::string("default: ") + setting.default_text + ")";
    return text;
}

}  // namespace

const std::vector<CommandUsage>& command_usages() {
    static const std::vector<CommandUsage> usages = {
        {"serve", "auth-api [serve]", "run the server (the default)"},
        {"create-user",
         "auth-api create-user --email E --password P [--first-name F] [--last-name L] [--admin]",
         "create a user in the database (an administrator with --admin); prints its id on the "
         "last line; exit 1 for a taken email, one with a control character, or a missing "
         "argument"},
        {"migrate", "auth-api migrate", "apply pending migrations to the database and name them"},
        {"backup", "auth-api backup FILE",
         "write a consistent copy of the SQLite database to FILE, while servers run on it"},
        {"sessions", "auth-api sessions list [--user ID | --email E] [--json]",
         "the sessions stored in the database, live and expired"},
        {"sessions", "auth-api sessions revoke (--id ID | --user ID) [--json]",
         "end one session, or every session of a user"},
        {"sessions", "auth-api sessions purge [--json]",
         "delete the expired and idle sessions now"},
        {"users", "auth-api users list [--json]", "every user, in creation order"},
        {"users", "auth-api users promote (--id ID | --email E) [--json]",
         "make a user an administrator (ACCESS_POLICY=owner)"},
        {"users", "auth-api users demote (--id ID | --email E) [--json]",
         "make a user an administrator no longer"},
        {"import",
         "auth-api import --users .db_User.json [--sessions .db_UserSession.json] [--json]",
         "move users and sessions over from the reference's files"},
        {"--help", "auth-api --help | --version", "this text, or the version"},
    };
    return usages;
}

void write_usage(std::ostream& out, std::string_view family) {
    const char* prefix = "usage: ";
    for (const CommandUsage& usage : command_usages()) {
        if (!family.empty() && family != usage.family) continue;
        out << prefix << usage.synopsis << "\n";
        prefix = "       ";
    }
}

void write_help(std::ostream& out) {
    for (const CommandUsage& usage : command_usages()) {
        write_entry(out, usage.synopsis, usage.meaning, kCommandColumn);
    }
    out << "\nEnvironment (read once at startup; a bad value stops auth-api with exit code 2):\n";
    for (const Setting& setting : config_settings()) {
        write_entry(out, std::string("  ") + setting.name, describe_setting(setting),
                    kSettingColumn);
    }
}

}  // namespace authapi
