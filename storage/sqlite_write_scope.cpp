#include "sqlite_write_scope.hpp"

#include <sqlite3.h>

namespace authapi {

SqliteWriteScope::SqliteWriteScope(SqliteDatabase& database)
    : write_lock_(database.lock_writes()), handle_(database.connection().handle()) {
    nested_ = sqlite3_get_autocommit(handle_.getHandle()) == 0;
    handle_.exec(nested_ ? "SAVEPOINT write_scope" : "BEGIN IMMEDIATE");
    open_ = true;
}

SqliteWriteScope::~SqliteWriteScope() {
    if (!open_) return;
    try {
        handle_.exec(nested_ ? "ROLLBACK TO write_scope; RELEASE write_scope" : "ROLLBACK");
    } catch (const SQLite::Exception&) {
        // SQLite has already rolled back (an I/O error ends the transaction).
    }
}

void SqliteWriteScope::commit() {
    handle_.exec(nested_ ? "RELEASE write_scope" : "COMMIT");
    open_ = false;
}

}  // namespace authapi
