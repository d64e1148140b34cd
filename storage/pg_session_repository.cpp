#include "pg_session_repository.hpp"

#include "pg_values.hpp"
#include "timestamp.hpp"

namespace authapi {

namespace {

constexpr const char* kInsert = "sessions_insert";
constexpr const char* kSelectByTokenHash = "sessions_by_token_hash";
constexpr const char* kDeleteByTokenHash = "sessions_delete_by_token_hash";
constexpr const char* kDeleteExpired = "sessions_delete_expired";

std::optional<std::string> optional_timestamp_text(const std::optional<std::int64_t>& seconds) {
    if (!seconds) return std::nullopt;
    return format_timestamp(*seconds);
}

}  // namespace

PgSessionRepository::PgSessionRepository(PgDatabase& database) : database_(database) {
    database_.declare(kInsert,
                      "INSERT INTO user_sessions (id, user_id, token_hash, created_at, "
                      "updated_at, expires_at) "
                      "VALUES ($1, $2, $3, $4::timestamp, $4::timestamp, $5::timestamp)");
    database_.declare(kSelectByTokenHash,
                      "SELECT id, user_id, to_char(created_at, 'YYYY-MM-DD HH24:MI:SS'), "
                      "to_char(expires_at, 'YYYY-MM-DD HH24:MI:SS') "
                      "FROM user_sessions WHERE token_hash = $1");
    database_.declare(kDeleteByTokenHash, "DELETE FROM user_sessions WHERE token_hash = $1");
    // NULL (never expires) never compares true.
    database_.declare(kDeleteExpired, "DELETE FROM user_sessions WHERE expires_at < $1::timestamp");
}

void PgSessionRepository::insert(const UserSession& session) {
    // The token hash stays out of the message: it is as good as the token.
    database_.run("insert session " + session.id, [&](pqxx::connection& connection) {
        pqxx::nontransaction(connection)
            .exec_prepared(kInsert, session.id, session.user_id, session.token_hash,
                           format_timestamp(session.created_at),
                           optional_timestamp_text(session.expires_at));
    });
}

std::optional<UserSession> PgSessionRepository::find_by_token_hash(const std::string& token_hash) {
    return database_.run(
        "find session by token hash",
        [&](pqxx::connection& connection) -> std::optional<UserSession> {
            const pqxx::result rows =
                pqxx::nontransaction(connection).exec_prepared(kSelectByTokenHash, token_hash);
            if (rows.empty()) return std::nullopt;
            UserSession session;
            session.id = rows[0][0].as<std::string>();
            session.user_id = rows[0][1].as<std::string>();
            session.token_hash = token_hash;
            session.created_at =
                pg_timestamp(rows[0][2], "user_sessions.created_at of " + session.id);
            session.expires_at =
                pg_optional_timestamp(rows[0][3], "user_sessions.expires_at of " + session.id);
            return session;
        });
}

bool PgSessionRepository::remove_by_token_hash(const std::string& token_hash) {
    return database_.run("remove session by token hash", [&](pqxx::connection& connection) {
        return pqxx::nontransaction(connection)
                   .exec_prepared(kDeleteByTokenHash, token_hash)
                   .affected_rows() > 0;
    });
}

std::int64_t PgSessionRepository::remove_expired(std::int64_t now) {
    return database_.run("remove expired sessions", [&](pqxx::connection& connection) {
        return static_cast<std::int64_t>(pqxx::nontransaction(connection)
                                             .exec_prepared(kDeleteExpired, format_timestamp(now))
                                             .affected_rows());
    });
}

}  // namespace authapi
