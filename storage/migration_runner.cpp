#include "migration_runner.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <string>

#include "migration_plan.hpp"
#include "sqlite_error.hpp"
#include "user_repository.hpp"

namespace authapi {

namespace {

std::set<int> recorded_versions(SQLite::Database& connection) {
    std::set<int> versions;
    SQLite::Statement select(connection, "SELECT version FROM schema_migrations");
    while (select.executeStep()) {
        versions.insert(select.getColumn(0).getInt());
    }
    return versions;
}

// Runs `work`; a refusal of its own (a StorageError) is rethrown saying which
// migration it belongs to.
template <typename Work>
void as_part_of(const Migration& migration, Work work) {
    try {
        work();
    } catch (const StorageError& refused) {
        throw StorageError("migration " + std::to_string(migration.version) + " '" +
                           migration.name + "': " + refused.what());
    }
}

// Foreign key enforcement off for one migration's transaction (SQLite ignores
// the pragma inside a transaction, so it is set around it), and back on after,
// whatever happened.
class ForeignKeysOff {
public:
    explicit ForeignKeysOff(SQLite::Database& connection) : connection_(connection) {
        connection_.exec("PRAGMA foreign_keys=OFF");
    }
    ForeignKeysOff(const ForeignKeysOff&) = delete;
    ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;
    ~ForeignKeysOff() {
        try {
            restore();
        } catch (...) {
            // Already unwinding, or restore() threw once: the failure is reported.
        }
    }
    void restore() {
        if (restored_) return;
        restored_ = true;
        connection_.exec("PRAGMA foreign_keys=ON");
        if (connection_.execAndGet("PRAGMA foreign_keys").getInt() != 1) {
            throw StorageError("foreign keys could not be turned back on after the migration");
        }
    }

private:
    SQLite::Database& connection_;
    bool restored_ = false;
};

// What enforcement would have refused, checked before the commit: the first
// row whose reference does not hold, by name.
void refuse_broken_references(SQLite::Database& connection) {
    SQLite::Statement check(connection,
                            "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check");
    if (check.executeStep()) {
        throw StorageError("it would leave row " + check.getColumn(1).getString() + " of " +
                           check.getColumn(0).getString() + " pointing at no row of " +
                           check.getColumn(2).getString());
    }
}

// True when applied now, false when it was already there.
bool apply_one(SQLite::Database& connection, const Migration& migration,
               const std::vector<const Migration*>& known, const SqliteMigrationSteps& steps) {
    // IMMEDIATE takes the write lock before reading, so a second process
    // starting at the same moment waits here and then sees our record,
    // instead of both reading "pending" and both applying.
    std::optional<ForeignKeysOff> foreign_keys_off;
    if (wants_foreign_keys_off(migration)) foreign_keys_off.emplace(connection);
    SQLite::Transaction transaction(connection, SQLite::TransactionBehavior::IMMEDIATE);
    const std::set<int> recorded = recorded_versions(connection);
    refuse_unknown_versions(recorded, known);
    if (recorded.count(migration.version) != 0) {
        return false;
    }
    for (const MigrationPart& part : migration_parts(migration)) {
        if (part.step.empty()) {
            connection.exec(part.sql);
        } else {
            as_part_of(migration, [&] { steps.at(part.step)(connection); });
        }
    }
    SQLite::Statement record(connection,
                             "INSERT INTO schema_migrations (version, name, applied_at) "
                             "VALUES (?, ?, datetime('now'))");
    record.bind(1, migration.version);
    record.bind(2, migration.name);
    record.exec();
    if (foreign_keys_off) as_part_of(migration, [&] { refuse_broken_references(connection); });
    transaction.commit();
    if (foreign_keys_off) foreign_keys_off->restore();
    return true;
}

}  // namespace

std::vector<std::string> apply_migrations(SqliteDatabase& database,
                                          const std::vector<Migration>& migrations,
                                          const SqliteMigrationSteps& steps) {
    const std::vector<const Migration*> ordered = in_version_order(migrations);
    std::set<std::string> step_names;
    for (const auto& step : steps) step_names.insert(step.first);
    refuse_unknown_steps(ordered, step_names);
    const auto write_lock = database.lock_writes();
    SQLite::Database& connection = database.connection().handle();

    with_storage_context("migrations: create schema_migrations", [&] {
        // datetime('now') gives the same "YYYY-MM-DD HH:MM:SS" UTC text as
        // format_timestamp, without needing a clock here.
        connection.exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, "
            "applied_at TEXT NOT NULL)");
    });

    std::vector<std::string> applied;
    for (const Migration* migration : ordered) {
        const std::string operation =
            "migration " + std::to_string(migration->version) + " '" + migration->name + "'";
        const bool ran = with_storage_context(
            operation, [&] { return apply_one(connection, *migration, ordered, steps); });
        if (ran) {
            applied.push_back(migration->name);
        }
    }
    // With nothing to apply, the loop above still checked for unknown
    // versions; with no migrations at all it did not.
    if (ordered.empty()) {
        with_storage_context("migrations: read schema_migrations", [&] {
            refuse_unknown_versions(recorded_versions(connection), ordered);
        });
    }
    return applied;
}

}  // namespace authapi
