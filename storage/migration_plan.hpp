#pragma once

#include <set>
#include <string>
#include <vector>

#include "migration.hpp"

namespace authapi {

// The rules every migration runner shares, whatever the database.

// Sorted by version. Throws StorageError when a version is given twice.
std::vector<const Migration*> in_version_order(const std::vector<Migration>& migrations);

// Throws StorageError when the database records a version this binary does not
// know: its schema is newer, and running old code against it could corrupt
// data.
void refuse_unknown_versions(const std::set<int>& recorded,
                             const std::vector<const Migration*>& known);

// A migration may need work that SQL cannot do (a value only the domain
// computes). Its .sql file then names that step on a line of its own,
//     -- @step fill_email_keys
// and the runner runs the SQL before the line, then the step, then the SQL
// after it, all in the migration's one transaction. A part is either SQL or
// the name of a step.
struct MigrationPart {
    std::string sql;
    std::string step;
};
std::vector<MigrationPart> migration_parts(const Migration& migration);

// A SQLite migration that rebuilds a table others reference (SQLite's
// documented way to change a table's primary key) says so on a line of its own,
//     -- @foreign_keys off
// and the runner turns foreign key enforcement off around its transaction,
// then has SQLite check every reference before it commits.
bool wants_foreign_keys_off(const Migration& migration);

// Throws StorageError, before anything is applied, when a migration names a
// step that is not in `steps`.
void refuse_unknown_steps(const std::vector<const Migration*>& migrations,
                          const std::set<std::string>& steps);

}  // namespace authapi
