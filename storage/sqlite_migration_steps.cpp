// The C++ steps of the SQLite migrations (see migration_parts()).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <string_view>

#include "email_address.hpp"
#include "email_key_fill.hpp"
#include "migration_runner.hpp"
#include "session_row_key.hpp"

namespace authapi {

namespace {

// Rows read per page before they are written: no statement ever steps over
// the rows it is changing.
constexpr int kPage = 1000;

// migrations/0006_email_key.sql: every user's key, then the check that no
// two are equal (before the unique index is created).
void fill_email_keys(SQLite::Database& connection) {
    SQLite::Statement select(connection,
                             "SELECT rowid, email FROM users WHERE rowid > ? ORDER BY rowid "
                             "LIMIT ?");
    SQLite::Statement update(connection, "UPDATE users SET email_key = ? WHERE rowid = ?");
    std::int64_t after = 0;
    for (;;) {
        std::vector<std::pair<std::int64_t, std::string>> page;
        select.bind(1, static_cast<int64_t>(after));
        select.bind(2, kPage);
        while (select.executeStep()) {
            page.emplace_back(select.getColumn(0).getInt64(), select.getColumn(1).getString());
        }
        select.reset();
        for (const auto& [rowid, email] : page) {
            update.bind(1, email_key(email));
            update.bind(2, static_cast<int64_t>(rowid));
            update.exec();
            update.reset();
        }
        if (page.size() < static_cast<std::size_t>(kPage)) break;
        after = page.back().first;
    }

    SQLite::Statement colliding(connection,
                                "SELECT id, email, email_key FROM users WHERE email_key IN "
                                "(SELECT email_key FROM users GROUP BY email_key "
                                "HAVING count(*) > 1) ORDER BY email_key, rowid");
    std::vector<StoredEmail> rows;
    while (colliding.executeStep()) {
        rows.push_back({colliding.getColumn(0).getString(), colliding.getColumn(1).getString(),
                        colliding.getColumn(2).getString()});
    }
    if (!rows.empty()) refuse_email_collisions(rows);
}

// session_row_key() as an SQL function of one argument, for as long as this
// lives: SQL cannot compute it, and the copy below sorts by it.
void sql_session_row_key(sqlite3_context* context, int, sqlite3_value** arguments) {
    const unsigned char* text = sqlite3_value_text(arguments[0]);
    if (text == nullptr) {
        sqlite3_result_null(context);
        return;
    }
    const std::string_view token_hash(reinterpret_cast<const char*>(text),
                                      static_cast<std::size_t>(sqlite3_value_bytes(arguments[0])));
    sqlite3_result_int64(context, session_row_key(token_hash));
}

class SessionRowKeyFunction {
public:
    explicit SessionRowKeyFunction(SQLite::Database& connection) : connection_(connection) {
        connection_.createFunction(kName, 1, true, nullptr, sql_session_row_key);
    }
    SessionRowKeyFunction(const SessionRowKeyFunction&) = delete;
    SessionRowKeyFunction& operator=(const SessionRowKeyFunction&) = delete;
    ~SessionRowKeyFunction() {
        // No function pointer: SQLite removes the function.
        sqlite3_create_function_v2(connection_.getHandle(), kName, 1, SQLITE_UTF8, nullptr, nullptr,
                                   nullptr, nullptr, nullptr);
    }

private:
    static constexpr const char* kName = "session_row_key";
    SQLite::Database& connection_;
};

#define SESSION_COPY_COLUMNS                                                            \
    "key, seq, id, user_id, user_seq, token_hash, created_at, updated_at, expires_at, " \
    "last_seen_at, ip, user_agent, credential_version"
#define SESSION_COPY_VALUES                                                                     \
    "s.rowid, s.id, s.user_id, u.seq, s.token_hash, s.created_at, s.updated_at, s.expires_at, " \
    "s.last_seen_at, s.ip, s.user_agent, s.credential_version "                                 \
    "FROM user_sessions s JOIN users u ON u.id = s.user_id "

// migrations/0008_session_lookup_keys.sql: every session whose user exists,
// into user_sessions_rebuilt at its token hash's key, its old rowid as its
// seq. Sorted by key, so that the new table is written left to right rather
// than a random leaf per row (a million sessions: minutes against seconds).
// Where two rows share a key, OR IGNORE leaves out all but the first; the
// second statement puts those at free rowids. Any other refusal left out by
// OR IGNORE fails the second statement, and with it the migration.
void copy_sessions_with_keys(SQLite::Database& connection) {
    const SessionRowKeyFunction function(connection);
    connection.exec("INSERT OR IGNORE INTO user_sessions_rebuilt (" SESSION_COPY_COLUMNS
                    ") SELECT session_row_key(s.token_hash), " SESSION_COPY_VALUES
                    "ORDER BY 1, s.rowid");
    connection.exec(
        "INSERT INTO user_sessions_rebuilt (" SESSION_COPY_COLUMNS
        ") SELECT NULL, " SESSION_COPY_VALUES
        "WHERE NOT EXISTS (SELECT 1 FROM user_sessions_rebuilt r WHERE r.seq = s.rowid) "
        "ORDER BY s.rowid");
}

#undef SESSION_COPY_COLUMNS
#undef SESSION_COPY_VALUES

}  // namespace

const SqliteMigrationSteps& sqlite_migration_steps() {
    static const SqliteMigrationSteps steps{{"fill_email_keys", fill_email_keys},
                                            {"copy_sessions_with_keys", copy_sessions_with_keys}};
    return steps;
}

}  // namespace authapi
