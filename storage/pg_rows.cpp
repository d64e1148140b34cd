#include "pg_rows.hpp"

#include <string>

namespace authapi {

namespace {

class PqxxRowText final : public PgRowText {
public:
    explicit PqxxRowText(const pqxx::row& row) : row_(row) {}
    PgText column(int index) const override { return pg_column_text(row_[index]); }

private:
    const pqxx::row& row_;
};

}  // namespace

User read_user(const PgRowText& row, int first) {
    User user;
    user.id = pg_required_text(row.column(first), "users.id");
    const std::string what = "users row " + user.id;
    user.email = pg_required_text(row.column(first + 1), what + " email");
    user.password_hash = pg_required_text(row.column(first + 2), what + " password_hash");
    user.first_name = pg_optional_text(row.column(first + 3));
    user.last_name = pg_optional_text(row.column(first + 4));
    user.created_at = pg_timestamp(row.column(first + 5), what + " created_at");
    user.updated_at = pg_timestamp(row.column(first + 6), what + " updated_at");
    user.is_admin = pg_boolean(row.column(first + 7), what + " is_admin");
    user.credential_version = pg_integer(row.column(first + 8), what + " credential_version");
    return user;
}

UserSession read_session(const PgRowText& row, int first) {
    UserSession session;
    session.id = pg_required_text(row.column(first), "user_sessions.id");
    const std::string what = "user_sessions row " + session.id;
    session.user_id = pg_required_text(row.column(first + 1), what + " user_id");
    session.token_hash = pg_required_text(row.column(first + 2), what + " token_hash");
    session.created_at = pg_timestamp(row.column(first + 3), what + " created_at");
    session.expires_at = pg_optional_timestamp(row.column(first + 4), what + " expires_at");
    session.last_seen_at = pg_optional_timestamp(row.column(first + 5), what + " last_seen_at")
                               .value_or(session.created_at);
    session.ip = pg_optional_text(row.column(first + 6)).value_or("");
    session.user_agent = pg_optional_text(row.column(first + 7)).value_or("");
    session.credential_version = pg_integer(row.column(first + 8), what + " credential_version");
    session.position = pg_integer(row.column(first + 9), what + " seq");
    return session;
}

User read_user(const pqxx::row& row, int first) {
    return read_user(PqxxRowText(row), first);
}

UserSession read_session(const pqxx::row& row, int first) {
    return read_session(PqxxRowText(row), first);
}

}  // namespace authapi
