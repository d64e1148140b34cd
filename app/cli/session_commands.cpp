#include "session_commands.hpp"

#include <iostream>

#include "api/session_json.hpp"
#include "cli/usage.hpp"
#include "command_options.hpp"
#include "http/json_output.hpp"
#include "text_table.hpp"
#include "timestamp.hpp"
#include "visible_text.hpp"

namespace authapi {

namespace {

int usage_error(const std::string& command, const std::string& message) {
    std::cerr << "auth-api " << command << ": " << message << "\n";
    // "sessions list" -> the synopses of every sessions command.
    write_usage(std::cerr, command.substr(0, command.find(' ')));
    return 2;
}

std::string or_dash(const std::string& text) {
    return text.empty() ? "-" : text;
}

int list_sessions(const CommandOptions& options, const OpenServices& open) {
    ServiceContainer* services = open();
    if (services == nullptr) return 1;
    std::optional<std::string> user_id = options.value("--user");
    if (auto email = options.value("--email")) {
        auto user = services->user_repository().find_by_email(*email);
        if (!user) {
            std::cerr << "auth-api sessions list: no user with email " << visible_text(*email)
                      << "\n";
            return 1;
        }
        user_id = user->id;
    }
    SessionService& sessions = services->stored_sessions();
    const std::int64_t now = SystemClock().now();
    const bool json = options.has("--json");
    JsonArrayStream stream;
    std::string body = stream.begin();
    TextTable table({"ID", "USER", "CREATED", "LAST SEEN", "EXPIRES", "IP", "USER AGENT", "STATE"});
    auto visit = [&](const UserSession& session) {
        const bool live = sessions.is_live(session, now);
        if (json) {
            JsonValue::Object item = session_to_json(session);
            item["live"] = live;
            body += stream.element(item);
            return;
        }
        table.add_row({session.id, session.user_id, format_timestamp(session.created_at),
                       format_timestamp(session.last_seen_at),
                       session.expires_at ? format_timestamp(*session.expires_at) : "never",
                       or_dash(session.ip), or_dash(session.user_agent),
                       live ? "live" : "expired"});
    };
    SessionRepository& repository = services->stored_session_repository();
    if (user_id) {
        repository.for_each_of_user(*user_id, visit);
    } else {
        repository.for_each(visit);
    }
    if (json) {
        std::cout << body << stream.end();
    } else {
        table.print(std::cout);
    }
    return 0;
}

int print_count(bool json, const char* key, std::int64_t count, const std::string& text) {
    if (json) {
        std::cout << render_json(JsonValue::Object{{key, count}});
    } else {
        std::cout << text << "\n";
    }
    return 0;
}

int revoke_sessions(const CommandOptions& options, const OpenServices& open) {
    ServiceContainer* services = open();
    if (services == nullptr) return 1;
    SessionRepository& repository = services->stored_session_repository();
    const bool json = options.has("--json");
    if (auto id = options.value("--id")) {
        if (!repository.remove_by_id(*id)) {
            std::cerr << "auth-api sessions revoke: no session with id " << *id << "\n";
            return 1;
        }
        return print_count(json, "revoked", 1, "revoked session " + *id);
    }
    const std::string user_id = *options.value("--user");
    const std::int64_t revoked = repository.remove_all_of_user(user_id, std::nullopt);
    return print_count(json, "revoked", revoked,
                       "revoked " + std::to_string(revoked) + " sessions of user " + user_id);
}

int purge_sessions(const CommandOptions& options, const OpenServices& open) {
    ServiceContainer* services = open();
    if (services == nullptr) return 1;
    const std::int64_t purged = services->stored_sessions().purge_expired();
    return print_count(options.has("--json"), "purged", purged,
                       "purged " + std::to_string(purged) + " expired sessions");
}

}  // namespace

int sessions_command(const std::vector<std::string>& args, const OpenServices& open) {
    const std::string sub = args.size() > 1 ? args[1] : "";
    const std::string command = "sessions " + sub;
    if (sub == "list") {
        const CommandOptions options(args, 2, {"--user", "--email"}, {"--json"});
        if (options.error()) return usage_error(command, *options.error());
        if (options.has("--user") && options.has("--email")) {
            return usage_error(command, "give --user or --email, not both");
        }
        return list_sessions(options, open);
    }
    if (sub == "revoke") {
        const CommandOptions options(args, 2, {"--id", "--user"}, {"--json"});
        if (options.error()) return usage_error(command, *options.error());
        if (options.has("--id") == options.has("--user")) {
            return usage_error(command, "give exactly one of --id and --user");
        }
        return revoke_sessions(options, open);
    }
    if (sub == "purge") {
        const CommandOptions options(args, 2, {}, {"--json"});
        if (options.error()) return usage_error(command, *options.error());
        return purge_sessions(options, open);
    }
    return usage_error("sessions",
                       sub.empty() ? "missing subcommand" : "unknown subcommand " + sub);
}

}  // namespace authapi
