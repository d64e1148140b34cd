#include "sqlite_rows.hpp"

#include <string>

#include "sqlite_values.hpp"
#include "storage_error.hpp"

namespace authapi {

namespace {

// "users.created_at of <id>": read again with the name only when it failed.
std::int64_t user_timestamp(const SQLite::Column& column, const char* name, const std::string& id) {
    try {
        return read_timestamp(column, name);
    } catch (const StorageError&) {
        return read_timestamp(column, std::string(name) + " of " + id);
    }
}

// Reads a session's columns; a malformed one becomes a StorageError naming
// the session.
template <typename Read>
void read_session_columns(const std::string& session_id, Read&& read) {
    try {
        read();
    } catch (const StorageError& e) {
        throw StorageError(std::string(e.what()) + " (session " + session_id + ")");
    }
}

}  // namespace

User read_user(const SQLite::Statement& row, int first) {
    User user;
    user.id = row.getColumn(first).getString();
    user.email = row.getColumn(first + 1).getString();
    user.password_hash = row.getColumn(first + 2).getString();
    user.first_name = read_optional_text(row.getColumn(first + 3));
    user.last_name = read_optional_text(row.getColumn(first + 4));
    user.created_at = user_timestamp(row.getColumn(first + 5), "users.created_at", user.id);
    user.updated_at = user_timestamp(row.getColumn(first + 6), "users.updated_at", user.id);
    user.is_admin = row.getColumn(first + 7).getInt() != 0;
    user.credential_version = row.getColumn(first + 8).getInt64();
    return user;
}

UserSession read_session(const SQLite::Statement& row, int first) {
    UserSession session;
    session.id = row.getColumn(first).getString();
    session.user_id = row.getColumn(first + 1).getString();
    session.token_hash = row.getColumn(first + 2).getString();
    read_session_columns(session.id, [&] {
        session.created_at = read_timestamp(row.getColumn(first + 3), "user_sessions.created_at");
        session.expires_at =
            read_optional_timestamp(row.getColumn(first + 4), "user_sessions.expires_at");
        session.last_seen_at =
            read_optional_timestamp(row.getColumn(first + 5), "user_sessions.last_seen_at")
                .value_or(session.created_at);
    });
    session.ip = read_optional_text(row.getColumn(first + 6)).value_or("");
    session.user_agent = read_optional_text(row.getColumn(first + 7)).value_or("");
    session.credential_version = row.getColumn(first + 8).getInt64();
    session.position = row.getColumn(first + 9).getInt64();
    return session;
}

}  // namespace authapi
