// auth-api users list | promote | demote.
#include "user_commands.hpp"

#include <iostream>

#include "api/user_json.hpp"
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
    write_usage(std::cerr, "users");
    return 2;
}

// For operators: the public keys plus is_admin (the API never shows it).
JsonValue operator_view(const User& user) {
    JsonValue::Object object = std::get<JsonValue::Object>(user_to_json(user).data());
    object["is_admin"] = user.is_admin;
    return object;
}

int list_users(const CommandOptions& options, const OpenServices& open) {
    ServiceContainer* services = open();
    if (services == nullptr) return 1;
    if (options.has("--json")) {
        JsonArrayStream stream;
        std::cout << stream.begin();
        services->users().for_each(
            [&](const User& user) { std::cout << stream.element(operator_view(user)); });
        std::cout << stream.end();
        return 0;
    }
    TextTable table({"ID", "EMAIL", "FIRST NAME", "LAST NAME", "CREATED", "UPDATED", "ADMIN"});
    services->users().for_each([&](const User& user) {
        table.add_row({user.id, user.email, user.first_name.value_or("-"),
                       user.last_name.value_or("-"), format_timestamp(user.created_at),
                       format_timestamp(user.updated_at), user.is_admin ? "yes" : "no"});
    });
    table.print(std::cout);
    return 0;
}

// promote (is_admin = true) or demote (false) the user named by --id or --email.
int set_admin(const std::string& command, const CommandOptions& options, bool is_admin,
              const OpenServices& open) {
    ServiceContainer* services = open();
    if (services == nullptr) return 1;
    std::optional<User> user;
    if (const auto email = options.value("--email")) {
        user = services->user_repository().find_by_email(*email);
        if (!user) {
            std::cerr << "auth-api " << command << ": no user with email " << visible_text(*email)
                      << "\n";
            return 1;
        }
    }
    const std::string id = user ? user->id : *options.value("--id");
    user = services->users().set_admin(id, is_admin);
    if (!user) {
        std::cerr << "auth-api " << command << ": no user with id " << visible_text(id) << "\n";
        return 1;
    }
    if (options.has("--json")) {
        std::cout << render_json(operator_view(*user));
    } else {
        std::cout << "user " << user->id << " (" << visible_text(user->email) << ") "
                  << (is_admin ? "is an administrator" : "is no longer an administrator") << "\n";
    }
    return 0;
}

}  // namespace

int users_command(const std::vector<std::string>& args, const OpenServices& open) {
    const std::string sub = args.size() > 1 ? args[1] : "";
    const std::string command = "users " + sub;
    if (sub == "list") {
        const CommandOptions options(args, 2, {}, {"--json"});
        if (options.error()) return usage_error(command, *options.error());
        return list_users(options, open);
    }
    if (sub == "promote" || sub == "demote") {
        const CommandOptions options(args, 2, {"--id", "--email"}, {"--json"});
        if (options.error()) return usage_error(command, *options.error());
        if (options.has("--id") == options.has("--email")) {
            return usage_error(command, "give exactly one of --id and --email");
        }
        return set_admin(command, options, sub == "promote", open);
    }
    return usage_error("users", sub.empty() ? "missing subcommand" : "unknown subcommand " + sub);
}

}  // namespace authapi
