#include "pg_rows.hpp"

#include <string>

#include "pg_values.hpp"

namespace authapi {

User read_user(const pqxx::row& row, int first) {
    User user;
    user.id = row[first].as<std::string>();
    user.email = row[first + 1].as<std::string>();
    user.password_hash = row[first + 2].as<std::string>();
    user.first_name = pg_optional_text(row[first + 3]);
    user.last_name = pg_optional_text(row[first + 4]);
    user.created_at = pg_timestamp(row[first + 5], "users.created_at of " + user.id);
    user.updated_at = pg_timestamp(row[first + 6], "users.updated_at of " + user.id);
    user.is_admin = row[first + 7].as<bool>();
    user.credential_version = row[first + 8].as<std::int64_t>();
    return user;
}

UserSession read_session(const pqxx::row& row, int first) {
    UserSession session;
    session.id = row[first].as<std::string>();
    session.user_id = row[first + 1].as<std::string>();
    session.token_hash = row[first + 2].as<std::string>();
    const std::string what = "user_sessions row " + session.id;
    session.created_at = pg_timestamp(row[first + 3], what + " created_at");
    session.expires_at = pg_optional_timestamp(row[first + 4], what + " expires_at");
    session.last_seen_at =
        pg_optional_timestamp(row[first + 5], what + " last_seen_at").value_or(session.created_at);
    session.ip = pg_optional_text(row[first + 6]).value_or("");
    session.user_agent = pg_optional_text(row[first + 7]).value_or("");
    session.credential_version = row[first + 8].as<std::int64_t>();
    session.position = row[first + 9].as<std::int64_t>();
    return session;
}

}  // namespace authapi
