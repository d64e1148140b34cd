#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "migration.hpp"
#include "sqlite_database.hpp"

namespace authapi {

// Brings the schema up to date: applies, in version order, each migration the
// database has not recorded in schema_migrations, each in its own
// transaction together with its record. Returns the names applied (empty when
// already up to date). Safe against another process migrating the same file
// at the same time.
//
// Throws StorageError when a migration fails (that migration is rolled back,
// earlier ones stay), when `migrations` repeats a version, or when the
// database records a version this binary does not know: its schema is newer,
// and running old code against it could corrupt data.
// The steps a migration names (`-- @step <name>`, see migration_parts()),
// run on the migration's connection inside its transaction. A step that
// throws StorageError undoes the whole migration.
using SqliteMigrationSteps = std::map<std::string, std::function<void(SQLite::Database&)>>;
// The steps of the migrations compiled into this binary.
const SqliteMigrationSteps& sqlite_migration_steps();

std::vector<std::string> apply_migrations(
    SqliteDatabase& database, const std::vector<Migration>& migrations,
    const SqliteMigrationSteps& steps = sqlite_migration_steps());

}  // namespace authapi
