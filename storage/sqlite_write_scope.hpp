#pragma once

#include <SQLiteCpp/Database.h>

#include <mutex>

#include "sqlite_database.hpp"

namespace authapi {

// Several statements that must land together, on the calling thread's
// connection: takes the process's write lock, then BEGIN IMMEDIATE, or a
// SAVEPOINT when the thread already has a transaction open (an import's
// WriteTransaction), so that the writes join it. Rolled back when destroyed
// without commit(). Throws SQLite::Exception, like the statements around it.
class SqliteWriteScope {
public:
    explicit SqliteWriteScope(SqliteDatabase& database);
    ~SqliteWriteScope();
    SqliteWriteScope(const SqliteWriteScope&) = delete;
    SqliteWriteScope& operator=(const SqliteWriteScope&) = delete;

    void commit();

private:
    std::unique_lock<std::mutex> write_lock_;
    SQLite::Database& handle_;
    bool nested_ = false;
    bool open_ = false;
};

}  // namespace authapi
