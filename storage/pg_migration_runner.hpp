#pragma once

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
std::vector<std::string> apply_postgresql_migrations(PgDatabase& database,
                                                     const std::vector<Migration>& migrations);

}  // namespace authapi
