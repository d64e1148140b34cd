#include "import_command.hpp"

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/usage.hpp"
#include "command_options.hpp"
#include "http/json_output.hpp"
#include "reference_import.hpp"
#include "store_transaction.hpp"
#include "user_repository.hpp"
#include "visible_text.hpp"

namespace authapi {

namespace {

std::optional<std::string> read_whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return text.str();
}

// The checks only the database can answer, in the same terms as the files'.
void check_against_database(ServiceContainer& services, const std::string& users_file,
                            const std::string& sessions_file, ReferenceData& data) {
    UserRepository& users = services.user_repository();
    SessionRepository& sessions = services.stored_session_repository();
    std::set<std::string> imported_ids;
    for (const User& user : data.users) {
        imported_ids.insert(user.id);
        if (users.find_by_id(user.id)) {
            data.errors.push_back(users_file + ": " + user.id + ": a user with this id exists");
        } else if (users.find_by_email(user.email)) {
            data.errors.push_back(users_file + ": " + user.id + ": a user with email " +
                                  user.email + " exists");
        }
    }
    for (const UserSession& session : data.sessions) {
        if (!imported_ids.count(session.user_id) && !users.find_by_id(session.user_id)) {
            data.errors.push_back(sessions_file + ": " + session.id + ": no user " +
                                  session.user_id);
        } else if (sessions.find_by_token_hash(session.token_hash)) {
            data.errors.push_back(sessions_file + ": " + session.id +
                                  ": its session_id is already a session");
        }
    }
}

int report_errors(const std::vector<std::string>& errors, bool json) {
    // The lines quote the files, which anyone may have written: escaped for the terminal.
    for (const auto& error : errors) {
        std::cerr << "auth-api import: " << visible_text(error) << "\n";
    }
    std::cerr << "auth-api import: nothing imported (" << errors.size() << " error"
              << (errors.size() == 1 ? "" : "s") << ")\n";
    if (json) {
        JsonValue::Array list(errors.begin(), errors.end());
        std::cout << render_json(JsonValue::Object{{"errors", list}});
    }
    return 1;
}

}  // namespace

int import_command(const std::vector<std::string>& args, const OpenServices& open) {
    const CommandOptions options(args, 1, {"--users", "--sessions"}, {"--json"});
    if (options.error() || !options.has("--users")) {
        std::cerr << "auth-api import: " << options.error().value_or("--users is required") << "\n";
        write_usage(std::cerr, "import");
        return 2;
    }
    const bool json = options.has("--json");
    const std::string users_file = *options.value("--users");
    const std::optional<std::string> sessions_file = options.value("--sessions");
    const auto users_text = read_whole_file(users_file);
    if (!users_text) return report_errors({users_file + ": cannot be read"}, json);
    std::optional<std::string> sessions_text;
    if (sessions_file) {
        sessions_text = read_whole_file(*sessions_file);
        if (!sessions_text) return report_errors({*sessions_file + ": cannot be read"}, json);
    }

    ServiceContainer* services = open();
    if (services == nullptr) return 1;
    ImportClock clock{SystemClock().now(), services->config().session_duration};
    ReferenceData data =
        parse_reference_files(users_file, *users_text, sessions_file, sessions_text, clock);
    check_against_database(*services, users_file, sessions_file.value_or(""), data);
    if (!data.errors.empty()) return report_errors(data.errors, json);

    try {
        // One transaction: a row that fails now (a concurrent insert) undoes
        // every row before it.
        const std::unique_ptr<StoreTransaction> transaction = services->begin_transaction();
        for (const User& user : data.users) services->user_repository().insert(user);
        for (const UserSession& session : data.sessions) {
            // Refused only when its user went away meanwhile (checked above).
            if (!services->stored_session_repository().insert(session)) {
                return report_errors({sessions_file.value_or("") + ": " + session.id +
                                      ": its user was deleted while importing"},
                                     json);
            }
        }
        transaction->commit();
    } catch (const EmailAlreadyExists&) {
        return report_errors({users_file + ": an email was taken while importing"}, json);
    } catch (const StorageError& e) {
        return report_errors({e.what()}, json);
    }
    if (json) {
        std::cout << render_json(
            JsonValue::Object{{"users", static_cast<std::int64_t>(data.users.size())},
                              {"sessions", static_cast<std::int64_t>(data.sessions.size())}});
    } else {
        std::cout << "imported " << data.users.size() << " users and " << data.sessions.size()
                  << " sessions\n";
    }
    return 0;
}

}  // namespace authapi
