#include "pg_session_repository.hpp"

#include "pg_rows.hpp"
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

std::optional<std::string> timestamp_text(const std::optional<std::int64_t>& seconds) {
    if (!seconds) return std::nullopt;
    return format_timestamp(*seconds);
}

std::optional<std::string> non_empty(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return pg_lossy_text(text);
}

// The statements that follow the expiry rule.
void declare_expiry_statements(PgDatabase& database) {
    // ExpiryCutoff::is_live (domain/session_policy.hpp), the rule of when a
    // session is live, in SQL for the row `s`: `now` and `idle_cutoff` are the
    // parameters holding ExpiryCutoff's fields (idle_cutoff NULL: no idle
    // limit).
#define LIVE_SESSION(now, idle_cutoff)                                               \
    "(s.expires_at IS NULL OR s.expires_at >= " now "::timestamp) AND (" idle_cutoff \
    "::timestamp IS NULL OR s.last_seen_at >= " idle_cutoff "::timestamp) "
    // One page of live sessions: $2 now, $3 the idle cutoff (NULL: none), $4
    // and $5 the cursor (NULL: the first page), $6 the page size.
    database.declare(kSelectLivePage,
                      "SELECT " PG_SESSION_COLUMNS("s.")
                      "FROM user_sessions s JOIN users u ON u.id = s.user_id "
                      "WHERE s.user_id = $1 AND s.credential_version = u.credential_version "
                      "AND " LIVE_SESSION("$2", "$3")
                      "AND ($4::timestamp IS NULL OR s.created_at > $4::timestamp "
                      "OR (s.created_at = $4::timestamp AND s.seq > $5)) "
                      "ORDER BY s.created_at, s.seq LIMIT $6");
    database.declare(kCountLive,
                     "SELECT count(*) FROM user_sessions s WHERE " LIVE_SESSION("$1", "$2"));
#undef LIVE_SESSION
    // What LIVE_SESSION leaves out, in two halves so that each uses its index
    // (expires_at, last_seen_at): expires_at < now (NULL, never expires, never
    // compares true), then last_seen_at < idle_cutoff. SKIP LOCKED: sweepers
    // of several instances share the work instead of queuing behind each other.
    database.declare(kDeleteExpiredBatch,
                     "DELETE FROM user_sessions WHERE seq IN (SELECT seq FROM user_sessions "
                     "WHERE expires_at < $1::timestamp LIMIT $2 FOR UPDATE SKIP LOCKED)");
    database.declare(kDeleteIdleBatch,
                     "DELETE FROM user_sessions WHERE seq IN (SELECT seq FROM user_sessions "
                     "WHERE last_seen_at < $1::timestamp LIMIT $2 FOR UPDATE SKIP LOCKED)");
}

// Every other statement.
void declare_session_statements(PgDatabase& database) {
    // Taken before a session is written: logins of one user and a change of
    // its password queue on the user's row, so the version read here stays
    // the user's until the insert commits.
    database.declare(kLockOwner,
                     "SELECT credential_version FROM users WHERE id = $1 FOR NO KEY UPDATE");
    database.declare(kInsert,
                     "INSERT INTO user_sessions (id, user_id, token_hash, created_at, "
                     "updated_at, expires_at, last_seen_at, ip, user_agent, credential_version) "
                     "VALUES ($1, $2, $3, $4::timestamp, $4::timestamp, $5::timestamp, "
                     "$6::timestamp, $7, $8, $9)");
    // The user's sessions but the newest $2.
    database.declare(kEndOldestOfUser,
                     "DELETE FROM user_sessions WHERE seq IN (SELECT seq FROM user_sessions "
                     "WHERE user_id = $1 ORDER BY created_at DESC, seq DESC OFFSET $2)");
    database.declare(kSelectByTokenHash, "SELECT " PG_SESSION_COLUMNS(
                                             "s.") "FROM user_sessions s WHERE s.token_hash = $1");
    database.declare(kSelectWithUser, pg_session_with_user_sql());
    database.declare(kSelectOfUser, "SELECT " PG_SESSION_COLUMNS("s.")
                                     "FROM user_sessions s WHERE s.user_id = $1 "
                                     "ORDER BY s.created_at, s.seq");
    database.declare(kSelectAll,
                     "SELECT " PG_SESSION_COLUMNS("s.") "FROM user_sessions s "
                     "ORDER BY s.created_at, s.seq");
    database.declare(kDeleteByTokenHash, "DELETE FROM user_sessions WHERE token_hash = $1");
    // Only ever moves forward, whichever of two racing requests writes last.
    database.declare(kTouch,
                     "UPDATE user_sessions SET last_seen_at = $1::timestamp "
                     "WHERE token_hash = $2 AND "
                     "(last_seen_at IS NULL OR last_seen_at < $1::timestamp)");
    database.declare(kDeleteById, "DELETE FROM user_sessions WHERE id = $1");
    database.declare(kDeleteByIdOfUser, "DELETE FROM user_sessions WHERE id = $1 AND user_id = $2");
    database.declare(kDeleteAllOfUser, "DELETE FROM user_sessions WHERE user_id = $1");
    database.declare(kDeleteAllOfUserBut,
                     "DELETE FROM user_sessions WHERE user_id = $1 AND token_hash <> $2");
}

}  // namespace

const char* pg_session_with_user_sql() {
    return "SELECT " PG_SESSION_COLUMNS("s.") ", " PG_USER_COLUMNS("u.")
           "FROM user_sessions s JOIN users u ON u.id = s.user_id "
           "WHERE s.token_hash = $1 AND s.credential_version = u.credential_version";
}

PgSessionRepository::PgSessionRepository(PgDatabase& database) : database_(database) {
    declare_session_statements(database_);
    declare_expiry_statements(database_);
}

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
            return SessionAndUser{read_session(rows[0]), read_user(rows[0], kPgSessionColumns)};
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
