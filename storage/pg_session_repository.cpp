#include "pg_session_repository.hpp"

#include "pg_values.hpp"
#include "timestamp.hpp"

namespace authapi {

namespace {

constexpr const char* kLockOwner = "sessions_lock_owner";
constexpr const char* kInsert = "sessions_insert";
constexpr const char* kEndOldestOfUser = "sessions_end_oldest_of_user";
constexpr const char* kSelectLivePage = "sessions_live_page";
constexpr const char* kSelectByTokenHash = "sessions_by_token_hash";
constexpr const char* kSelectWithUser = "sessions_with_user";
constexpr const char* kSelectOfUser = "sessions_of_user";
constexpr const char* kSelectAll = "sessions_all";
constexpr const char* kDeleteByTokenHash = "sessions_delete_by_token_hash";
constexpr const char* kTouch = "sessions_touch";
constexpr const char* kDeleteById = "sessions_delete_by_id";
constexpr const char* kDeleteByIdOfUser = "sessions_delete_by_id_of_user";
constexpr const char* kDeleteAllOfUser = "sessions_delete_all_of_user";
constexpr const char* kDeleteAllOfUserBut = "sessions_delete_all_of_user_but";
constexpr const char* kDeleteExpiredBatch = "sessions_delete_expired_batch";
constexpr const char* kDeleteIdleBatch = "sessions_delete_idle_batch";
constexpr const char* kCountLive = "sessions_count_live";

// Every session SELECT lists these columns first, in this order (read_session).
#define SESSION_COLUMNS                                                               \
    "s.id, s.user_id, s.token_hash, to_char(s.created_at, 'YYYY-MM-DD HH24:MI:SS'), " \
    "to_char(s.expires_at, 'YYYY-MM-DD HH24:MI:SS'), "                                \
    "to_char(s.last_seen_at, 'YYYY-MM-DD HH24:MI:SS'), s.ip, s.user_agent, "          \
    "s.credential_version, s.seq "

UserSession read_session(const pqxx::row& row) {
    UserSession session;
    session.id = row[0].as<std::string>();
    session.user_id = row[1].as<std::string>();
    session.token_hash = row[2].as<std::string>();
    const std::string what = "user_sessions row " + session.id;
    session.created_at = pg_timestamp(row[3], what + " created_at");
    session.expires_at = pg_optional_timestamp(row[4], what + " expires_at");
    session.last_seen_at =
        pg_optional_timestamp(row[5], what + " last_seen_at").value_or(session.created_at);
    session.ip = pg_optional_text(row[6]).value_or("");
    session.user_agent = pg_optional_text(row[7]).value_or("");
    session.credential_version = row[8].as<std::int64_t>();
    session.position = row[9].as<std::int64_t>();
    return session;
}

std::optional<std::string> timestamp_text(const std::optional<std::int64_t>& seconds) {
    if (!seconds) return std::nullopt;
    return format_timestamp(*seconds);
}

std::optional<std::string> non_empty(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return pg_lossy_text(text);
}

}  // namespace

PgSessionRepository::PgSessionRepository(PgDatabase& database) : database_(database) {
    // Taken before a session is written: logins of one user and a change of
    // its password queue on the user's row, so the version read here stays
    // the user's until the insert commits.
    database_.declare(kLockOwner,
                      "SELECT credential_version FROM users WHERE id = $1 FOR NO KEY UPDATE");
    database_.declare(kInsert,
                      "INSERT INTO user_sessions (id, user_id, token_hash, created_at, "
                      "updated_at, expires_at, last_seen_at, ip, user_agent, credential_version) "
                      "VALUES ($1, $2, $3, $4::timestamp, $4::timestamp, $5::timestamp, "
                      "$6::timestamp, $7, $8, $9)");
    // The user's sessions but the newest $2.
    database_.declare(kEndOldestOfUser,
                      "DELETE FROM user_sessions WHERE seq IN (SELECT seq FROM user_sessions "
                      "WHERE user_id = $1 ORDER BY created_at DESC, seq DESC OFFSET $2)");
    database_.declare(kSelectByTokenHash,
                      "SELECT " SESSION_COLUMNS "FROM user_sessions s WHERE s.token_hash = $1");
    // ip and user_agent are not needed on the hot path and are not read.
    database_.declare(kSelectWithUser,
                      "SELECT s.id, s.user_id, to_char(s.created_at, 'YYYY-MM-DD HH24:MI:SS'), "
                      "to_char(s.expires_at, 'YYYY-MM-DD HH24:MI:SS'), "
                      "to_char(s.last_seen_at, 'YYYY-MM-DD HH24:MI:SS'), "
                      "u.email, u.password_hash, u.first_name, u.last_name, "
                      "to_char(u.created_at, 'YYYY-MM-DD HH24:MI:SS'), "
                      "to_char(u.updated_at, 'YYYY-MM-DD HH24:MI:SS'), u.credential_version, "
                      "u.is_admin "
                      "FROM user_sessions s JOIN users u ON u.id = s.user_id "
                      "WHERE s.token_hash = $1 AND s.credential_version = u.credential_version");
    database_.declare(kSelectOfUser, "SELECT " SESSION_COLUMNS
                                     "FROM user_sessions s WHERE s.user_id = $1 "
                                     "ORDER BY s.created_at, s.seq");
    // One page of live sessions: $2 now, $3 the idle cutoff (NULL: none), $4
    // and $5 the cursor (NULL: the first page), $6 the page size.
    database_.declare(kSelectLivePage,
                      "SELECT " SESSION_COLUMNS
                      "FROM user_sessions s JOIN users u ON u.id = s.user_id "
                      "WHERE s.user_id = $1 AND s.credential_version = u.credential_version "
                      "AND (s.expires_at IS NULL OR s.expires_at >= $2::timestamp) "
                      "AND ($3::timestamp IS NULL OR s.last_seen_at >= $3::timestamp) "
                      "AND ($4::timestamp IS NULL OR s.created_at > $4::timestamp "
                      "OR (s.created_at = $4::timestamp AND s.seq > $5)) "
                      "ORDER BY s.created_at, s.seq LIMIT $6");
    database_.declare(
        kSelectAll, "SELECT " SESSION_COLUMNS "FROM user_sessions s ORDER BY s.created_at, s.seq");
    database_.declare(kDeleteByTokenHash, "DELETE FROM user_sessions WHERE token_hash = $1");
    // Only ever moves forward, whichever of two racing requests writes last.
    database_.declare(kTouch,
                      "UPDATE user_sessions SET last_seen_at = $1::timestamp "
                      "WHERE token_hash = $2 AND "
                      "(last_seen_at IS NULL OR last_seen_at < $1::timestamp)");
    database_.declare(kDeleteById, "DELETE FROM user_sessions WHERE id = $1");
    database_.declare(kDeleteByIdOfUser,
                      "DELETE FROM user_sessions WHERE id = $1 AND user_id = $2");
    database_.declare(kDeleteAllOfUser, "DELETE FROM user_sessions WHERE user_id = $1");
    database_.declare(kDeleteAllOfUserBut,
                      "DELETE FROM user_sessions WHERE user_id = $1 AND token_hash <> $2");
    // SKIP LOCKED: sweepers of several instances share the work instead of
    // queuing behind each other. NULL (never expires) never compares true.
    database_.declare(kDeleteExpiredBatch,
                      "DELETE FROM user_sessions WHERE seq IN (SELECT seq FROM user_sessions "
                      "WHERE expires_at < $1::timestamp LIMIT $2 FOR UPDATE SKIP LOCKED)");
    database_.declare(kDeleteIdleBatch,
                      "DELETE FROM user_sessions WHERE seq IN (SELECT seq FROM user_sessions "
                      "WHERE last_seen_at < $1::timestamp LIMIT $2 FOR UPDATE SKIP LOCKED)");
    database_.declare(kCountLive,
                      "SELECT count(*) FROM user_sessions "
                      "WHERE (expires_at IS NULL OR expires_at >= $1::timestamp) "
                      "AND ($2::timestamp IS NULL OR last_seen_at >= $2::timestamp)");
}

#undef SESSION_COLUMNS

bool PgSessionRepository::insert(const UserSession& session, std::int64_t max_per_user) {
    // The token hash stays out of the message: it is as good as the token.
    if (!pg_can_store(session.user_id)) return false;
    return database_.run_atomically(
        "insert session " + session.id, [&](pqxx::connection& connection) {
            pqxx::nontransaction statements(connection);
            const pqxx::result owner = statements.exec_prepared(kLockOwner, session.user_id);
            if (owner.empty() || owner[0][0].as<std::int64_t>() != session.credential_version) {
                return false;
            }
            statements.exec_prepared(kInsert, session.id, session.user_id, session.token_hash,
                                     format_timestamp(session.created_at),
                                     timestamp_text(session.expires_at),
                                     format_timestamp(session.last_seen_at), non_empty(session.ip),
                                     non_empty(session.user_agent), session.credential_version);
            if (max_per_user > 0) {
                statements.exec_prepared(kEndOldestOfUser, session.user_id, max_per_user);
            }
            return true;
        });
}

std::optional<UserSession> PgSessionRepository::find_by_token_hash(const std::string& token_hash) {
    if (!pg_can_store(token_hash)) return std::nullopt;
    return database_.run(
        "find session by token hash",
        [&](pqxx::connection& connection) -> std::optional<UserSession> {
            const pqxx::result rows =
                pqxx::nontransaction(connection).exec_prepared(kSelectByTokenHash, token_hash);
            if (rows.empty()) return std::nullopt;
            return read_session(rows[0]);
        });
}

std::optional<SessionAndUser> PgSessionRepository::find_with_user(const std::string& token_hash) {
    if (!pg_can_store(token_hash)) return std::nullopt;
    return database_.run(
        "find session and user by token hash",
        [&](pqxx::connection& connection) -> std::optional<SessionAndUser> {
            const pqxx::result rows =
                pqxx::nontransaction(connection).exec_prepared(kSelectWithUser, token_hash);
            if (rows.empty()) return std::nullopt;
            const pqxx::row row = rows[0];
            SessionAndUser found;
            UserSession& session = found.session;
            session.id = row[0].as<std::string>();
            session.user_id = row[1].as<std::string>();
            session.token_hash = token_hash;
            const std::string what = "user_sessions row " + session.id;
            session.created_at = pg_timestamp(row[2], what + " created_at");
            session.expires_at = pg_optional_timestamp(row[3], what + " expires_at");
            session.last_seen_at =
                pg_optional_timestamp(row[4], what + " last_seen_at").value_or(session.created_at);
            User& user = found.user;
            user.id = session.user_id;
            user.email = row[5].as<std::string>();
            user.password_hash = row[6].as<std::string>();
            user.first_name = pg_optional_text(row[7]);
            user.last_name = pg_optional_text(row[8]);
            user.created_at = pg_timestamp(row[9], "users.created_at of " + user.id);
            user.updated_at = pg_timestamp(row[10], "users.updated_at of " + user.id);
            user.credential_version = row[11].as<std::int64_t>();
            user.is_admin = row[12].as<bool>();
            session.credential_version = user.credential_version;
            return found;
        });
}

bool PgSessionRepository::remove_by_token_hash(const std::string& token_hash) {
    if (!pg_can_store(token_hash)) return false;
    return database_.run("remove session by token hash", [&](pqxx::connection& connection) {
        return pqxx::nontransaction(connection)
                   .exec_prepared(kDeleteByTokenHash, token_hash)
                   .affected_rows() > 0;
    });
}

void PgSessionRepository::touch(const std::string& token_hash, std::int64_t now) {
    if (!pg_can_store(token_hash)) return;
    database_.run("record session activity", [&](pqxx::connection& connection) {
        pqxx::nontransaction(connection).exec_prepared(kTouch, format_timestamp(now), token_hash);
    });
}

void PgSessionRepository::visit_rows(const char* statement, const std::optional<std::string>& key,
                                     const char* operation,
                                     const std::function<void(const UserSession&)>& visit) {
    if (key && !pg_can_store(*key)) return;
    // Sessions are few per user, and listing every session is an
    // administration command: one result set is fine here.
    const pqxx::result rows = database_.run(operation, [&](pqxx::connection& connection) {
        pqxx::nontransaction query(connection);
        return key ? query.exec_prepared(statement, *key) : query.exec_prepared(statement);
    });
    for (const auto& row : rows) visit(read_session(row));
}

void PgSessionRepository::for_each_of_user(const std::string& user_id,
                                           const std::function<void(const UserSession&)>& visit) {
    visit_rows(kSelectOfUser, user_id, "list sessions of a user", visit);
}

std::vector<UserSession> PgSessionRepository::live_sessions_of(
    const std::string& user_id, const ExpiryCutoff& cutoff,
    const std::optional<SessionCursor>& after, std::size_t limit) {
    if (!pg_can_store(user_id)) return {};
    const pqxx::result rows =
        database_.run("list live sessions of a user", [&](pqxx::connection& connection) {
            return pqxx::nontransaction(connection)
                .exec_prepared(kSelectLivePage, user_id, format_timestamp(cutoff.now),
                               timestamp_text(cutoff.idle_cutoff),
                               after ? timestamp_text(after->created_at) : std::nullopt,
                               after ? after->position : 0, static_cast<long long>(limit));
        });
    std::vector<UserSession> page;
    for (const auto& row : rows) page.push_back(read_session(row));
    return page;
}

void PgSessionRepository::for_each(const std::function<void(const UserSession&)>& visit) {
    visit_rows(kSelectAll, std::nullopt, "list sessions", visit);
}

bool PgSessionRepository::remove_by_id(const std::string& id,
                                       const std::optional<std::string>& user_id) {
    if (!pg_can_store(id) || (user_id && !pg_can_store(*user_id))) return false;
    return database_.run("remove session " + id, [&](pqxx::connection& connection) {
        pqxx::nontransaction remove(connection);
        const pqxx::result done = user_id ? remove.exec_prepared(kDeleteByIdOfUser, id, *user_id)
                                          : remove.exec_prepared(kDeleteById, id);
        return done.affected_rows() > 0;
    });
}

std::int64_t PgSessionRepository::remove_all_of_user(const std::string& user_id,
                                                     const std::optional<std::string>& keep) {
    if (!pg_can_store(user_id)) return 0;
    return database_.run("remove sessions of user " + user_id, [&](pqxx::connection& connection) {
        pqxx::nontransaction remove(connection);
        const pqxx::result done = keep ? remove.exec_prepared(kDeleteAllOfUserBut, user_id, *keep)
                                       : remove.exec_prepared(kDeleteAllOfUser, user_id);
        return static_cast<std::int64_t>(done.affected_rows());
    });
}

std::int64_t PgSessionRepository::remove_expired_batch(const ExpiryCutoff& cutoff,
                                                       std::int64_t limit) {
    return database_.run("remove expired sessions", [&](pqxx::connection& connection) {
        pqxx::nontransaction remove(connection);
        auto removed = static_cast<std::int64_t>(
            remove.exec_prepared(kDeleteExpiredBatch, format_timestamp(cutoff.now), limit)
                .affected_rows());
        if (cutoff.idle_cutoff && removed < limit) {
            removed += static_cast<std::int64_t>(
                remove
                    .exec_prepared(kDeleteIdleBatch, format_timestamp(*cutoff.idle_cutoff),
                                   limit - removed)
                    .affected_rows());
        }
        return removed;
    });
}

std::int64_t PgSessionRepository::count_live(const ExpiryCutoff& cutoff) {
    return database_.run("count live sessions", [&](pqxx::connection& connection) {
        return pqxx::nontransaction(connection)
            .exec_prepared(kCountLive, format_timestamp(cutoff.now),
                           timestamp_text(cutoff.idle_cutoff))[0][0]
            .as<std::int64_t>();
    });
}

}  // namespace authapi
