#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "migration.hpp"
#include "pg_database.hpp"

namespace authapi {

// The PostgreSQL schema steps compiled into this binary (migrations/postgresql).
const std::vector<Migration>& embedded_postgresql_migrations();

// apply_migrations() for PostgreSQL: each pending migration in its own
// transaction with its schema_migrations record. Instances starting at the
// same moment queue on an advisory lock, so exactly one applies each step.
// Throws StorageError as the SQLite runner does.
// The steps migrations name (`-- @step <name>`), run inside the migration's
// transaction; the ones of the migrations compiled into this binary.
using PgMigrationSteps = std::map<std::string, std::function<void(pqxx::transaction_base&)>>;
const PgMigrationSteps& postgresql_migration_steps();

std::vector<std::string> apply_postgresql_migrations(
    PgDatabase& database, const std::vector<Migration>& migrations,
    const PgMigrationSteps& steps = postgresql_migration_steps());

}  // namespace authapi
