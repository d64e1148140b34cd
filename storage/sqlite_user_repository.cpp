#include "sqlite_user_repository.hpp"

#include <SQLiteCpp/Exception.h>

#include "email_address.hpp"
#include "sqlite_error.hpp"
#include "sqlite_rows.hpp"
#include "sqlite_values.hpp"
#include "sqlite_write_scope.hpp"

namespace authapi {

namespace {

constexpr const char* kInsert =
    "INSERT INTO users (id, email, password_hash, first_name, last_name, created_at, updated_at, "
    "is_admin, email_key, credential_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectById = "SELECT " SQLITE_USER_COLUMNS("") "FROM users WHERE id = ?";
constexpr const char* kSelectByEmail =
    "SELECT " SQLITE_USER_COLUMNS("") "FROM users WHERE email_key = ?";
// seq order is creation order: seq is the table's rowid, assigned in
// increasing order, and a row is never re-inserted.
constexpr const char* kSelectAll = "SELECT " SQLITE_USER_COLUMNS("") "FROM users ORDER BY seq";
constexpr const char* kSelectPage =
    "SELECT " SQLITE_USER_COLUMNS("") ", seq FROM users WHERE seq > ? ORDER BY seq LIMIT ?";
constexpr int kPageSeqColumn = kSqliteUserColumns;
constexpr const char* kCount = "SELECT COUNT(*) FROM users";
constexpr const char* kUpdate =
    "UPDATE users SET first_name = ?, last_name = ?, updated_at = ? WHERE id = ?";
// Compare-and-set on the credential version: a password checked against one
// version is never stored over another.
constexpr const char* kReplacePassword =
    "UPDATE users SET password_hash = ?1, updated_at = ?2, "
    "credential_version = credential_version + 1 WHERE id = ?3 AND credential_version = ?4";
constexpr const char* kEndOtherSessions =
    "DELETE FROM user_sessions WHERE user_id = ?1 AND (?2 IS NULL OR token_hash <> ?2)";
constexpr const char* kMoveKeptSession =
    "UPDATE user_sessions SET credential_version = ?1 WHERE user_id = ?2 AND token_hash = ?3";
constexpr const char* kUpgradePasswordHash =
    "UPDATE users SET password_hash = ?1 WHERE id = ?2 AND password_hash = ?3";
constexpr const char* kSetAdmin = "UPDATE users SET is_admin = ? WHERE id = ?";
constexpr const char* kDelete = "DELETE FROM users WHERE id = ?";

}  // namespace

void SqliteUserRepository::insert(const User& user) {
    try {
        StatementScope insert = database_.statement(kInsert);
        insert->bind(1, user.id);
        insert->bind(2, user.email);
        insert->bind(3, user.password_hash);
        bind_optional(*insert, 4, user.first_name);
        bind_optional(*insert, 5, user.last_name);
        bind_timestamp(*insert, 6, user.created_at);
        bind_timestamp(*insert, 7, user.updated_at);
        insert->bind(8, user.is_admin ? 1 : 0);
        insert->bind(9, email_key(user.email));
        insert->bind(10, static_cast<std::int64_t>(user.credential_version));
        const auto write_lock = database_.lock_writes();
        insert->exec();
    } catch (const SQLite::Exception& error) {
        if (is_unique_violation(error, "users.email_key") ||
            is_unique_violation(error, "users.email")) {
            throw EmailAlreadyExists();
        }
        // The id only: emails are personal data and this goes to the log.
        throw storage_error("insert user " + user.id, error);
    }
}

std::optional<User> SqliteUserRepository::find_by_id(const std::string& id) {
    return find_one(kSelectById, id, "find user by id");
}

std::optional<User> SqliteUserRepository::find_by_email(const std::string& email) {
    return find_one(kSelectByEmail, email_key(email), "find user by email");
}

std::optional<User> SqliteUserRepository::find_one(const char* sql, const std::string& key,
                                                   const char* operation) {
    return with_storage_context(operation, [&]() -> std::optional<User> {
        // The hot lookups of Basic auth and of the user routes.
        StatementScope select = database_.snapshot_statement(sql);
        select->bind(1, key);
        if (!select->executeStep()) {
            return std::nullopt;
        }
        return read_user(*select);
    });
}

void SqliteUserRepository::for_each(const std::function<void(const User&)>& visit) {
    with_storage_context("list users", [&] {
        StatementScope select = database_.statement(kSelectAll);
        while (select->executeStep()) {
            visit(read_user(*select));
        }
    });
}

std::int64_t SqliteUserRepository::for_each_after(std::int64_t position, std::size_t limit,
                                                  const std::function<void(const User&)>& visit) {
    return with_storage_context("list users after " + std::to_string(position), [&] {
        StatementScope select = database_.statement(kSelectPage);
        select->bind(1, static_cast<int64_t>(position));
        select->bind(2, static_cast<int64_t>(limit));
        std::int64_t last = position;
        while (select->executeStep()) {
            visit(read_user(*select));
            last = select->getColumn(kPageSeqColumn).getInt64();
        }
        return last;
    });
}

std::int64_t SqliteUserRepository::count() {
    return with_storage_context("count users", [&] {
        StatementScope select = database_.statement(kCount);
        select->executeStep();
        return select->getColumn(0).getInt64();
    });
}

bool SqliteUserRepository::update(const User& user) {
    return with_storage_context("update user " + user.id, [&] {
        StatementScope update = database_.statement(kUpdate);
        bind_optional(*update, 1, user.first_name);
        bind_optional(*update, 2, user.last_name);
        bind_timestamp(*update, 3, user.updated_at);
        update->bind(4, user.id);
        const auto write_lock = database_.lock_writes();
        return update->exec() > 0;
    });
}

std::optional<PasswordReplaced> SqliteUserRepository::replace_password(
    const PasswordReplacement& replacement) {
    const std::string& id = replacement.user_id;
    return with_storage_context(
        "replace the password of user " + id, [&]() -> std::optional<PasswordReplaced> {
            SqliteWriteScope write(database_);
            {
                StatementScope update = database_.statement(kReplacePassword);
                update->bind(1, replacement.password_hash);
                bind_timestamp(*update, 2, replacement.updated_at);
                update->bind(3, id);
                update->bind(4, static_cast<std::int64_t>(replacement.expected_version));
                if (update->exec() == 0) return std::nullopt;
            }
            PasswordReplaced done;
            done.credential_version = replacement.expected_version + 1;
            {
                StatementScope end = database_.statement(kEndOtherSessions);
                end->bind(1, id);
                bind_optional(*end, 2, replacement.keep_token_hash);
                done.sessions_ended = end->exec();
            }
            if (replacement.keep_token_hash) {
                StatementScope move = database_.statement(kMoveKeptSession);
                move->bind(1, static_cast<std::int64_t>(done.credential_version));
                move->bind(2, id);
                move->bind(3, *replacement.keep_token_hash);
                move->exec();
            }
            write.commit();
            return done;
        });
}

bool SqliteUserRepository::upgrade_password_hash(const std::string& id, const std::string& old_hash,
                                                 const std::string& new_hash) {
    return with_storage_context("upgrade the password hash of user " + id, [&] {
        StatementScope update = database_.statement(kUpgradePasswordHash);
        update->bind(1, new_hash);
        update->bind(2, id);
        update->bind(3, old_hash);
        const auto write_lock = database_.lock_writes();
        return update->exec() > 0;
    });
}

bool SqliteUserRepository::set_admin(const std::string& id, bool is_admin) {
    return with_storage_context("set is_admin of user " + id, [&] {
        StatementScope update = database_.statement(kSetAdmin);
        update->bind(1, is_admin ? 1 : 0);
        update->bind(2, id);
        const auto write_lock = database_.lock_writes();
        return update->exec() > 0;
    });
}

bool SqliteUserRepository::remove(const std::string& id) {
    return with_storage_context("remove user " + id, [&] {
        StatementScope remove = database_.statement(kDelete);
        remove->bind(1, id);
        const auto write_lock = database_.lock_writes();
        return remove->exec() > 0;
    });
}

}  // namespace authapi
