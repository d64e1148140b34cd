// The C++ steps of the SQLite migrations (see migration_parts()).
#include <SQLiteCpp/Statement.h>

#include "email_address.hpp"
#include "email_key_fill.hpp"
#include "migration_runner.hpp"

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

}  // namespace

const SqliteMigrationSteps& sqlite_migration_steps() {
    static const SqliteMigrationSteps steps{{"fill_email_keys", fill_email_keys}};
    return steps;
}

}  // namespace authapi
