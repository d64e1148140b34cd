#include "sqlite_session_repository.hpp"

#include "sqlite_error.hpp"
#include "sqlite_values.hpp"

namespace authapi {

namespace {

constexpr const char* kInsert =
    "INSERT INTO user_sessions (id, user_id, token_hash, created_at, updated_at, expires_at) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectByTokenHash =
    "SELECT id, user_id, created_at, expires_at FROM user_sessions WHERE token_hash = ?";
constexpr const char* kDeleteByTokenHash = "DELETE FROM user_sessions WHERE token_hash = ?";
// The fixed-width timestamp text orders like the time it encodes, so the
// comparison can use the expires_at index. NULL (never expires) never
// compares true.
constexpr const char* kDeleteExpired = "DELETE FROM user_sessions WHERE expires_at < ?";
constexpr const char* kCountLive =
    "SELECT count(*) FROM user_sessions WHERE expires_at IS NULL OR expires_at >= ?";

}  // namespace

void SqliteSessionRepository::insert(const UserSession& session) {
    // The token hash stays out of the message: it is as good as the token for
    // anyone who can read the log and the database.
    with_storage_context("insert session " + session.id, [&] {
        StatementScope insert = database_.statement(kInsert);
        insert->bind(1, session.id);
        insert->bind(2, session.user_id);
        insert->bind(3, session.token_hash);
        bind_timestamp(*insert, 4, session.created_at);
        bind_timestamp(*insert, 5, session.created_at);
        bind_optional_timestamp(*insert, 6, session.expires_at);
        const auto write_lock = database_.lock_writes();
        insert->exec();
    });
}

// The hot path: every authenticated request of session_db_auth lands here.
std::optional<UserSession> SqliteSessionRepository::find_by_token_hash(
    const std::string& token_hash) {
    return with_storage_context("find session by token hash", [&]() -> std::optional<UserSession> {
        StatementScope select = database_.statement(kSelectByTokenHash);
        select->bind(1, token_hash);
        if (!select->executeStep()) {
            return std::nullopt;
        }
        UserSession session;
        session.id = select->getColumn(0).getString();
        session.user_id = select->getColumn(1).getString();
        session.token_hash = token_hash;
        session.created_at =
            read_timestamp(select->getColumn(2), "user_sessions.created_at of " + session.id);
        session.expires_at = read_optional_timestamp(select->getColumn(3),
                                                     "user_sessions.expires_at of " + session.id);
        return session;
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

std::int64_t SqliteSessionRepository::remove_expired(std::int64_t now) {
    return with_storage_context("remove expired sessions", [&] {
        StatementScope remove = database_.statement(kDeleteExpired);
        bind_timestamp(*remove, 1, now);
        const auto write_lock = database_.lock_writes();
        return static_cast<std::int64_t>(remove->exec());
    });
}

std::int64_t SqliteSessionRepository::count_live(std::int64_t now) {
    return with_storage_context("count live sessions", [&] {
        StatementScope count = database_.statement(kCountLive);
        bind_timestamp(*count, 1, now);
        count->executeStep();
        return static_cast<std::int64_t>(count->getColumn(0).getInt64());
    });
}

}  // namespace authapi
