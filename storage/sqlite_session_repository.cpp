#include "sqlite_session_repository.hpp"

#include "session_row_key.hpp"
#include "sqlite_error.hpp"
#include "sqlite_rows.hpp"
#include "sqlite_values.hpp"
#include "sqlite_write_scope.hpp"

namespace authapi {

namespace {

// Written only while the user's credential_version is still the one the
// login checked: the SELECT returns no row otherwise (or for a deleted user).
// At the token hash's key (?10) unless a row holds it already: then at a free
// rowid, where the lookup's second try finds it. The schema's trigger fills
// seq and the copy of the user (migrations/0009_session_user_copy.sql).
constexpr const char* kInsert =
    "INSERT INTO user_sessions (key, id, user_id, token_hash, created_at, updated_at, "
    "expires_at, last_seen_at, ip, user_agent, credential_version) "
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM user_sessions WHERE key = ?10) THEN NULL "
    "ELSE ?10 END, ?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9 FROM users "
    "WHERE id = ?2 AND credential_version = ?9";
// The user's sessions but the newest `?2`.
constexpr const char* kEndOldestOfUser =
    "DELETE FROM user_sessions WHERE rowid IN (SELECT rowid FROM user_sessions "
    "WHERE user_id = ?1 ORDER BY created_at DESC, seq DESC LIMIT -1 OFFSET ?2)";
constexpr const char* kSelectByTokenHash =
    "SELECT " SQLITE_SESSION_COLUMNS("s.") "FROM user_sessions s WHERE s.token_hash = ?";
// The hot path: the session and its user in one row, only while the
// session's credential is the user's. Its user is the row's copy, which the
// schema's triggers keep equal to the users row (NULL, so no match, when
// there is no such user). First at the token hash's key (?2): one descent of
// the rowid B-tree, one page from the file.
#define SESSION_WITH_USER                                                         \
    "SELECT " SQLITE_SESSION_COLUMNS("s.") ", " SQLITE_SESSION_USER_COPY_COLUMNS( \
        "s.") "FROM user_sessions s "
#define LIVE_CREDENTIAL "AND s.credential_version = s.user_credential_version"
constexpr const char* kSelectWithUserAtKey =
    SESSION_WITH_USER "WHERE s.key = ?2 AND s.token_hash = ?1 " LIVE_CREDENTIAL;
// Then, when that finds nothing, through the token_hash index: a row that
// could not have its key (another token's hash took it) or was written by hand.
constexpr const char* kSelectWithUserByHash =
    SESSION_WITH_USER "WHERE s.token_hash = ?1 " LIVE_CREDENTIAL;
#undef SESSION_WITH_USER
#undef LIVE_CREDENTIAL
SessionAndUser read_session_with_user(const SQLite::Statement& row) {
    return SessionAndUser{read_session(row), read_user(row, kSqliteSessionColumns)};
}
constexpr const char* kSelectOfUser = "SELECT " SQLITE_SESSION_COLUMNS(
    "s.") "FROM user_sessions s WHERE s.user_id = ? ORDER BY s.created_at, s.seq";

// ExpiryCutoff::is_live (domain/session_policy.hpp), the rule of when a
// session is live, in SQL for the row `s`: `now` and `idle_cutoff` are the
// parameters holding ExpiryCutoff's fields (idle_cutoff NULL: no idle limit).
// The fixed-width timestamp text orders like the time it encodes.
#define LIVE_SESSION(now, idle_cutoff)                                    \
    "(s.expires_at IS NULL OR s.expires_at >= " now ") AND (" idle_cutoff \
    " IS NULL "                                                           \
    "OR s.last_seen_at >= " idle_cutoff ") "
// One page of live sessions: ?2 now, ?3 the idle cutoff (NULL: none), ?4 and
// ?5 the cursor (NULL: the first page), ?6 the page size.
constexpr const char* kSelectLivePage =
    "SELECT " SQLITE_SESSION_COLUMNS("s.")
    "FROM user_sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.user_id = ?1 AND s.credential_version = u.credential_version "
    "AND " LIVE_SESSION("?2", "?3")
    "AND (?4 IS NULL OR s.created_at > ?4 OR (s.created_at = ?4 AND s.seq > ?5)) "
    "ORDER BY s.created_at, s.seq LIMIT ?6";
constexpr const char* kCountLive =
    "SELECT count(*) FROM user_sessions s WHERE " LIVE_SESSION("?1", "?2");
#undef LIVE_SESSION
// What LIVE_SESSION leaves out, in two halves so that each uses its index
// (expires_at, last_seen_at): expires_at < now (NULL, never expires, never
// compares true), then last_seen_at < idle_cutoff. The LIMIT keeps each
// write transaction short.
constexpr const char* kDeleteExpiredBatch =
    "DELETE FROM user_sessions WHERE rowid IN (SELECT rowid FROM user_sessions "
    "WHERE expires_at < ? LIMIT ?)";
constexpr const char* kDeleteIdleBatch =
    "DELETE FROM user_sessions WHERE rowid IN (SELECT rowid FROM user_sessions "
    "WHERE last_seen_at < ? LIMIT ?)";

constexpr const char* kSelectAll =
    "SELECT " SQLITE_SESSION_COLUMNS("s.") "FROM user_sessions s ORDER BY s.created_at, s.seq";
constexpr const char* kDeleteByTokenHash = "DELETE FROM user_sessions WHERE token_hash = ?";
// Only ever moves forward, whichever of two racing requests writes last.
constexpr const char* kTouch =
    "UPDATE user_sessions SET last_seen_at = ?1 WHERE token_hash = ?2 AND "
    "(last_seen_at IS NULL OR last_seen_at < ?1)";
constexpr const char* kDeleteById = "DELETE FROM user_sessions WHERE id = ?";
constexpr const char* kDeleteByIdOfUser = "DELETE FROM user_sessions WHERE id = ? AND user_id = ?";
constexpr const char* kDeleteAllOfUser = "DELETE FROM user_sessions WHERE user_id = ?";
constexpr const char* kDeleteAllOfUserBut =
    "DELETE FROM user_sessions WHERE user_id = ? AND token_hash <> ?";

}  // namespace

bool SqliteSessionRepository::insert(const UserSession& session, std::int64_t max_per_user) {
    // The token hash stays out of the message: it is as good as the token for
    // anyone who can read the log and the database.
    return with_storage_context("insert session " + session.id, [&] {
        SqliteWriteScope write(database_);
        {
            StatementScope insert = database_.statement(kInsert);
            insert->bind(1, session.id);
            insert->bind(2, session.user_id);
            insert->bind(3, session.token_hash);
            bind_timestamp(*insert, 4, session.created_at);
            bind_optional_timestamp(*insert, 5, session.expires_at);
            bind_timestamp(*insert, 6, session.last_seen_at);
            bind_optional(
                *insert, 7,
                session.ip.empty() ? std::nullopt : std::optional<std::string>(session.ip));
            bind_optional(*insert, 8,
                          session.user_agent.empty()
                              ? std::nullopt
                              : std::optional<std::string>(session.user_agent));
            insert->bind(9, static_cast<std::int64_t>(session.credential_version));
            insert->bind(10, session_row_key(session.token_hash));
            if (insert->exec() == 0) return false;
        }
        if (max_per_user > 0) {
            StatementScope end = database_.statement(kEndOldestOfUser);
            end->bind(1, session.user_id);
            end->bind(2, static_cast<std::int64_t>(max_per_user));
            end->exec();
        }
        write.commit();
        return true;
    });
}

std::optional<UserSession> SqliteSessionRepository::find_by_token_hash(
    const std::string& token_hash) {
    return with_storage_context("find session by token hash", [&]() -> std::optional<UserSession> {
        StatementScope select = database_.statement(kSelectByTokenHash);
        select->bind(1, token_hash);
        if (!select->executeStep()) return std::nullopt;
        return read_session(*select);
    });
}

// The hot path: every authenticated request of session_db_auth lands here.
// The StatementScope resets the cached statement on the way out, so no read
// snapshot outlives the call.
std::optional<SessionAndUser> SqliteSessionRepository::find_with_user(
    const std::string& token_hash) {
    return with_storage_context(
        "find session and user by token hash", [&]() -> std::optional<SessionAndUser> {
            {
                StatementScope at_key = database_.snapshot_statement(kSelectWithUserAtKey);
                at_key->bind(1, token_hash);
                at_key->bind(2, session_row_key(token_hash));
                if (at_key->executeStep()) return read_session_with_user(*at_key);
            }
            StatementScope by_hash = database_.snapshot_statement(kSelectWithUserByHash);
            by_hash->bind(1, token_hash);
            if (!by_hash->executeStep()) return std::nullopt;
            return read_session_with_user(*by_hash);
        });
}

bool SqliteSessionRepository::remove_by_token_hash(const std::string& token_hash) {
    return with_storage_context("remove session by token hash", [&] {
        StatementScope remove = database_.statement(kDeleteByTokenHash);
        remove->bind(1, token_hash);
        const auto write_lock = database_.lock_writes();
        return remove->exec() > 0;
    });
}

void SqliteSessionRepository::touch(const std::string& token_hash, std::int64_t now) {
    with_storage_context("record session activity", [&] {
        StatementScope update = database_.statement(kTouch);
        bind_timestamp(*update, 1, now);
        update->bind(2, token_hash);
        const auto write_lock = database_.lock_writes();
        update->exec();
    });
}

void SqliteSessionRepository::visit_rows(const char* sql, const std::optional<std::string>& key,
                                         const char* operation,
                                         const std::function<void(const UserSession&)>& visit) {
    with_storage_context(operation, [&] {
        StatementScope select = database_.statement(sql);
        if (key) select->bind(1, *key);
        while (select->executeStep()) visit(read_session(*select));
    });
}

void SqliteSessionRepository::for_each_of_user(
    const std::string& user_id, const std::function<void(const UserSession&)>& visit) {
    visit_rows(kSelectOfUser, user_id, "list sessions of a user", visit);
}

std::vector<UserSession> SqliteSessionRepository::live_sessions_of(
    const std::string& user_id, const ExpiryCutoff& cutoff,
    const std::optional<SessionCursor>& after, std::size_t limit) {
    return with_storage_context("list live sessions of a user", [&] {
        StatementScope select = database_.statement(kSelectLivePage);
        select->bind(1, user_id);
        bind_timestamp(*select, 2, cutoff.now);
        bind_optional_timestamp(*select, 3, cutoff.idle_cutoff);
        // Bound either way: a cached statement keeps the last call's values.
        bind_optional_timestamp(
            *select, 4, after ? std::optional<std::int64_t>(after->created_at) : std::nullopt);
        select->bind(5, static_cast<std::int64_t>(after ? after->position : 0));
        select->bind(6, static_cast<std::int64_t>(limit));
        std::vector<UserSession> page;
        while (select->executeStep()) page.push_back(read_session(*select));
        return page;
    });
}

void SqliteSessionRepository::for_each(const std::function<void(const UserSession&)>& visit) {
    visit_rows(kSelectAll, std::nullopt, "list sessions", visit);
}

bool SqliteSessionRepository::remove_by_id(const std::string& id,
                                           const std::optional<std::string>& user_id) {
    return with_storage_context("remove session " + id, [&] {
        StatementScope remove = database_.statement(user_id ? kDeleteByIdOfUser : kDeleteById);
        remove->bind(1, id);
        if (user_id) remove->bind(2, *user_id);
        const auto write_lock = database_.lock_writes();
        return remove->exec() > 0;
    });
}

std::int64_t SqliteSessionRepository::remove_all_of_user(const std::string& user_id,
                                                         const std::optional<std::string>& keep) {
    return with_storage_context("remove sessions of user " + user_id, [&] {
        StatementScope remove = database_.statement(keep ? kDeleteAllOfUserBut : kDeleteAllOfUser);
        remove->bind(1, user_id);
        if (keep) remove->bind(2, *keep);
        const auto write_lock = database_.lock_writes();
        return static_cast<std::int64_t>(remove->exec());
    });
}

std::int64_t SqliteSessionRepository::remove_expired_batch(const ExpiryCutoff& cutoff,
                                                           std::int64_t limit) {
    return with_storage_context("remove expired sessions", [&] {
        std::int64_t removed = 0;
        {
            StatementScope remove = database_.statement(kDeleteExpiredBatch);
            bind_timestamp(*remove, 1, cutoff.now);
            remove->bind(2, static_cast<std::int64_t>(limit));
            const auto write_lock = database_.lock_writes();
            removed = remove->exec();
        }
        if (cutoff.idle_cutoff && removed < limit) {
            StatementScope remove = database_.statement(kDeleteIdleBatch);
            bind_timestamp(*remove, 1, *cutoff.idle_cutoff);
            remove->bind(2, static_cast<std::int64_t>(limit - removed));
            const auto write_lock = database_.lock_writes();
            removed += remove->exec();
        }
        return removed;
    });
}

std::int64_t SqliteSessionRepository::count_live(const ExpiryCutoff& cutoff) {
    return with_storage_context("count live sessions", [&] {
        StatementScope count = database_.statement(kCountLive);
        bind_timestamp(*count, 1, cutoff.now);
        bind_optional_timestamp(*count, 2,
                                cutoff.idle_cutoff);  // NULL too: cached statements keep bindings
        count->executeStep();
        return static_cast<std::int64_t>(count->getColumn(0).getInt64());
    });
}

}  // namespace authapi
