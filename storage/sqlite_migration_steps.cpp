// The C++ steps of the SQLite migrations (see migration_parts()).
#include <SQLiteCpp/Statement.h>

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

// migrations/0008_session_lookup_keys.sql: every session whose user exists,
// into user_sessions_rebuilt at the key of its token hash (a free rowid when
// an earlier row holds that key), in rowid order, which becomes its seq.
void copy_sessions_with_keys(SQLite::Database& connection) {
    SQLite::Statement select(connection,
                             "SELECT s.rowid, s.token_hash FROM user_sessions s "
                             "JOIN users u ON u.id = s.user_id "
                             "WHERE (?1 OR s.rowid > ?2) ORDER BY s.rowid LIMIT ?3");
    SQLite::Statement copy(
        connection,
        "INSERT INTO user_sessions_rebuilt (key, seq, id, user_id, user_seq, token_hash, "
        "created_at, updated_at, expires_at, last_seen_at, ip, user_agent, credential_version) "
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM user_sessions_rebuilt WHERE key = ?1) "
        "THEN NULL ELSE ?1 END, s.rowid, s.id, s.user_id, u.seq, s.token_hash, s.created_at, "
        "s.updated_at, s.expires_at, s.last_seen_at, s.ip, s.user_agent, s.credential_version "
        "FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE s.rowid = ?2");
    // A rowid may be negative (written by hand): the first page has no lower bound.
    bool first_page = true;
    std::int64_t after = 0;
    for (;;) {
        std::vector<std::pair<std::int64_t, std::string>> page;
        select.bind(1, first_page);
        select.bind(2, static_cast<int64_t>(after));
        select.bind(3, kPage);
        while (select.executeStep()) {
            page.emplace_back(select.getColumn(0).getInt64(), select.getColumn(1).getString());
        }
        select.reset();
        first_page = false;
        for (const auto& [rowid, token_hash] : page) {
            copy.bind(1, static_cast<int64_t>(session_row_key(token_hash)));
            copy.bind(2, static_cast<int64_t>(rowid));
            copy.exec();
            copy.reset();
        }
        if (page.size() < static_cast<std::size_t>(kPage)) break;
        after = page.back().first;
    }
}

}  // namespace

const SqliteMigrationSteps& sqlite_migration_steps() {
    static const SqliteMigrationSteps steps{{"fill_email_keys", fill_email_keys},
                                            {"copy_sessions_with_keys", copy_sessions_with_keys}};
    return steps;
}

}  // namespace authapi
