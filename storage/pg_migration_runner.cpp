#include "pg_migration_runner.hpp"

#include <set>
#include <string>

#include "migration_plan.hpp"

namespace authapi {

namespace {

// Any constant works as long as every auth-api uses the same one: "auth" in
// ASCII. The lock's second half is the schema, so that instances migrating
// different schemas of one database never wait for each other.
constexpr int kMigrationLockKey = 0x61757468;
constexpr const char* kSchemaLockKey = "hashtext(current_schema())";

// A migration may rewrite every row of a big table, and another instance
// may be doing just that while this one waits for the lock: neither is
// bounded by the per-request statement and lock timeouts that every
// connection gets (pg_database.cpp). Set in each migration transaction.
constexpr const char* kNoRequestTimeouts =
    "SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = 0";

// Held for the whole run; released on every path, and by the server anyway
// if the connection drops. A session-level lock: taking it inside a
// transaction (for the unbounded wait) keeps it past the commit.
class AdvisoryLock {
public:
    explicit AdvisoryLock(pqxx::connection& connection) : connection_(connection) {
        pqxx::work wait(connection_);
        wait.exec(kNoRequestTimeouts);
        wait.exec_params(std::string("SELECT pg_advisory_lock($1, ") + kSchemaLockKey + ")",
                         kMigrationLockKey);
        wait.commit();
    }
    ~AdvisoryLock() {
        try {
            pqxx::nontransaction(connection_)
                .exec_params(std::string("SELECT pg_advisory_unlock($1, ") + kSchemaLockKey + ")",
                             kMigrationLockKey);
        } catch (const std::exception&) {
            // The connection is gone, and the lock with it.
        }
    }
    AdvisoryLock(const AdvisoryLock&) = delete;
    AdvisoryLock& operator=(const AdvisoryLock&) = delete;

private:
    pqxx::connection& connection_;
};

std::set<int> recorded_versions(pqxx::transaction_base& transaction) {
    std::set<int> versions;
    for (const auto& row : transaction.exec("SELECT version FROM schema_migrations")) {
        versions.insert(row[0].as<int>());
    }
    return versions;
}

void run_parts(pqxx::transaction_base& transaction, const Migration& migration,
               const PgMigrationSteps& steps) {
    for (const MigrationPart& part : migration_parts(migration)) {
        if (part.step.empty()) {
            transaction.exec(part.sql);
            continue;
        }
        try {
            steps.at(part.step)(transaction);
        } catch (const StorageError& refused) {
            // The step's own refusal: say which migration it belongs to.
            throw StorageError("migration " + std::to_string(migration.version) + " '" +
                               migration.name + "': " + refused.what());
        }
    }
}

}  // namespace

std::vector<std::string> apply_postgresql_migrations(PgDatabase& database,
                                                     const std::vector<Migration>& migrations,
                                                     const PgMigrationSteps& steps) {
    const std::vector<const Migration*> ordered = in_version_order(migrations);
    std::set<std::string> step_names;
    for (const auto& step : steps) step_names.insert(step.first);
    refuse_unknown_steps(ordered, step_names);
    return database.run("migrations", [&](pqxx::connection& connection) {
        const AdvisoryLock lock(connection);
        {
            pqxx::work create(connection);
            create.exec(kNoRequestTimeouts);
            create.exec(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, "
                "name TEXT NOT NULL, "
                "applied_at TIMESTAMP(0) NOT NULL)");
            create.commit();
        }

        std::vector<std::string> applied;
        {
            pqxx::read_transaction check(connection);
            refuse_unknown_versions(recorded_versions(check), ordered);
        }
        for (const Migration* migration : ordered) {
            try {
                pqxx::work transaction(connection);
                transaction.exec(kNoRequestTimeouts);
                if (recorded_versions(transaction).count(migration->version) != 0) continue;
                run_parts(transaction, *migration, steps);
                transaction.exec_params(
                    "INSERT INTO schema_migrations (version, name, applied_at) "
                    "VALUES ($1, $2, now() AT TIME ZONE 'UTC')",
                    migration->version, migration->name);
                transaction.commit();
                applied.push_back(migration->name);
            } catch (const pqxx::sql_error& error) {
                throw pg_storage_error("migration " + std::to_string(migration->version) + " '" +
                                           migration->name + "'",
                                       error);
            }
        }
        return applied;
    });
}

}  // namespace authapi
