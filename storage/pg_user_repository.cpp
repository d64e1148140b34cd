#include "pg_user_repository.hpp"

#include "email_address.hpp"
#include "pg_rows.hpp"
#include "pg_values.hpp"
#include "timestamp.hpp"

namespace authapi {

namespace {

constexpr const char* kInsert = "users_insert";
constexpr const char* kSelectById = "users_by_id";
constexpr const char* kSelectByEmail = "users_by_email";
constexpr const char* kSelectPage = "users_page";
constexpr const char* kCount = "users_count";
constexpr const char* kUpdate = "users_update";
constexpr const char* kReplacePassword = "users_replace_password";
constexpr const char* kEndOtherSessions = "users_end_other_sessions";
constexpr const char* kMoveKeptSession = "users_move_kept_session";
constexpr const char* kUpgradePasswordHash = "users_upgrade_password_hash";
constexpr const char* kSetAdmin = "users_set_admin";
constexpr const char* kDelete = "users_delete";

// Rows fetched per round trip when listing: enough to amortise the trip,
// few enough that memory does not grow with the table.
constexpr int kPageSize = 500;

}  // namespace

PgUserRepository::PgUserRepository(PgDatabase& database) : database_(database) {
    database_.declare(kInsert,
                      "INSERT INTO users (id, email, password_hash, first_name, last_name, "
                      "created_at, updated_at, is_admin, email_key, credential_version) "
                      "VALUES ($1, $2, $3, $4, $5, $6::timestamp, $7::timestamp, $8, $9, $10)");
    database_.declare(kSelectById, "SELECT " PG_USER_COLUMNS("") "FROM users WHERE id = $1");
    database_.declare(kSelectByEmail,
                      "SELECT " PG_USER_COLUMNS("") "FROM users WHERE email_key = $1");
    database_.declare(kSelectPage, "SELECT seq, " PG_USER_COLUMNS(
                                       "") "FROM users WHERE seq > $1 ORDER BY seq LIMIT $2");
    database_.declare(kCount, "SELECT count(*) FROM users");
    database_.declare(kUpdate,
                      "UPDATE users SET first_name = $1, last_name = $2, "
                      "updated_at = $3::timestamp WHERE id = $4");
    // Compare-and-set on the credential version: a password checked against
    // one version is never stored over another.
    database_.declare(kReplacePassword,
                      "UPDATE users SET password_hash = $1, updated_at = $2::timestamp, "
                      "credential_version = credential_version + 1 "
                      "WHERE id = $3 AND credential_version = $4 RETURNING credential_version");
    database_.declare(kEndOtherSessions,
                      "DELETE FROM user_sessions WHERE user_id = $1 "
                      "AND ($2::text IS NULL OR token_hash <> $2)");
    database_.declare(kMoveKeptSession,
                      "UPDATE user_sessions SET credential_version = $1 "
                      "WHERE user_id = $2 AND token_hash = $3");
    database_.declare(kUpgradePasswordHash,
                      "UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3");
    database_.declare(kSetAdmin, "UPDATE users SET is_admin = $1 WHERE id = $2");
    database_.declare(kDelete, "DELETE FROM users WHERE id = $1");
}

void PgUserRepository::insert(const User& user) {
    database_.run("insert user " + user.id, [&](pqxx::connection& connection) {
        try {
            pqxx::nontransaction(connection)
                .exec_prepared(kInsert, user.id, pg_text(user.email, "email"), user.password_hash,
                               pg_optional_text_param(user.first_name, "first_name"),
                               pg_optional_text_param(user.last_name, "last_name"),
                               format_timestamp(user.created_at), format_timestamp(user.updated_at),
                               user.is_admin, pg_text(email_key(user.email), "email"),
                               user.credential_version);
        } catch (const pqxx::unique_violation& error) {
            // users_by_email_key (migration 0006), or the email column's own
            // UNIQUE (users_email_key, named by PostgreSQL).
            const std::string what = error.what();
            if (error.sqlstate() == "23505" &&
                (what.find("users_by_email_key") != std::string::npos ||
                 what.find("users_email_key") != std::string::npos)) {
                throw EmailAlreadyExists();
            }
            throw;
        }
    });
}

std::optional<User> PgUserRepository::find_by_id(const std::string& id) {
    // No stored id could match: the store holds none like it.
    if (!pg_can_store(id)) return std::nullopt;
    return find_one(kSelectById, id, "find user by id");
}

std::optional<User> PgUserRepository::find_by_email(const std::string& email) {
    const std::string key = email_key(email);
    if (!pg_can_store(key)) return std::nullopt;
    return find_one(kSelectByEmail, key, "find user by email");
}

std::optional<User> PgUserRepository::find_one(const char* statement, const std::string& key,
                                               const char* operation) {
    return database_.run(operation, [&](pqxx::connection& connection) -> std::optional<User> {
        const pqxx::result rows = pqxx::nontransaction(connection).exec_prepared(statement, key);
        if (rows.empty()) return std::nullopt;
        return read_user(rows[0]);
    });
}

void PgUserRepository::for_each(const std::function<void(const User&)>& visit) {
    database_.run("list users", [&](pqxx::connection& connection) {
        // One snapshot for every page, as SQLite's single statement gives.
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> snapshot(connection);
        long long after = 0;
        for (;;) {
            const pqxx::result page = snapshot.exec_prepared(kSelectPage, after, kPageSize);
            for (const auto& row : page) {
                visit(read_user(row, 1));
            }
            if (page.size() < static_cast<pqxx::result::size_type>(kPageSize)) break;
            after = page[page.size() - 1][0].as<long long>();
        }
        snapshot.commit();
    });
}

std::int64_t PgUserRepository::for_each_after(std::int64_t position, std::size_t limit,
                                              const std::function<void(const User&)>& visit) {
    const pqxx::result page = database_.run(
        "list users after " + std::to_string(position), [&](pqxx::connection& connection) {
            return pqxx::nontransaction(connection)
                .exec_prepared(kSelectPage, static_cast<long long>(position),
                               static_cast<long long>(limit));
        });
    // Visited once the connection is back in the pool: rendering a page
    // holds nothing of the database.
    std::int64_t last = position;
    for (const auto& row : page) {
        visit(read_user(row, 1));
        last = row[0].as<std::int64_t>();
    }
    return last;
}

std::int64_t PgUserRepository::count() {
    return database_.run("count users", [&](pqxx::connection& connection) {
        return pqxx::nontransaction(connection).exec_prepared(kCount)[0][0].as<std::int64_t>();
    });
}

bool PgUserRepository::update(const User& user) {
    return database_.run("update user " + user.id, [&](pqxx::connection& connection) {
        const pqxx::result done =
            pqxx::nontransaction(connection)
                .exec_prepared(kUpdate, pg_optional_text_param(user.first_name, "first_name"),
                               pg_optional_text_param(user.last_name, "last_name"),
                               format_timestamp(user.updated_at), user.id);
        return done.affected_rows() > 0;
    });
}

std::optional<PasswordReplaced> PgUserRepository::replace_password(
    const PasswordReplacement& replacement) {
    const std::string& id = replacement.user_id;
    if (!pg_can_store(id)) return std::nullopt;
    std::optional<std::string> keep;
    if (replacement.keep_token_hash && pg_can_store(*replacement.keep_token_hash)) {
        keep = replacement.keep_token_hash;
    }
    return database_.run_atomically(
        "replace the password of user " + id,
        [&](pqxx::connection& connection) -> std::optional<PasswordReplaced> {
            pqxx::nontransaction statements(connection);
            const pqxx::result changed = statements.exec_prepared(
                kReplacePassword, replacement.password_hash,
                format_timestamp(replacement.updated_at), id, replacement.expected_version);
            if (changed.empty()) return std::nullopt;
            PasswordReplaced done;
            done.credential_version = changed[0][0].as<std::int64_t>();
            done.sessions_ended = static_cast<std::int64_t>(
                statements.exec_prepared(kEndOtherSessions, id, keep).affected_rows());
            if (keep) {
                statements.exec_prepared(kMoveKeptSession, done.credential_version, id, *keep);
            }
            return done;
        });
}

bool PgUserRepository::upgrade_password_hash(const std::string& id, const std::string& old_hash,
                                             const std::string& new_hash) {
    if (!pg_can_store(id) || !pg_can_store(old_hash)) return false;
    return database_.run("upgrade the password hash of user " + id,
                         [&](pqxx::connection& connection) {
                             return pqxx::nontransaction(connection)
                                        .exec_prepared(kUpgradePasswordHash, new_hash, id, old_hash)
                                        .affected_rows() > 0;
                         });
}

bool PgUserRepository::set_admin(const std::string& id, bool is_admin) {
    if (!pg_can_store(id)) return false;
    return database_.run("set is_admin of user " + id, [&](pqxx::connection& connection) {
        return pqxx::nontransaction(connection)
                   .exec_prepared(kSetAdmin, is_admin, id)
                   .affected_rows() > 0;
    });
}

bool PgUserRepository::remove(const std::string& id) {
    if (!pg_can_store(id)) return false;
    return database_.run("remove user " + id, [&](pqxx::connection& connection) {
        return pqxx::nontransaction(connection).exec_prepared(kDelete, id).affected_rows() > 0;
    });
}

}  // namespace authapi
