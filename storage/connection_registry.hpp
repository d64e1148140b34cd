#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "sqlite_connection.hpp"

namespace authapi {

// Owns every connection one SqliteDatabase opened, whichever thread uses it,
// so that destroying the database closes them all. Shared with the threads'
// caches (weakly) so a thread that exits after the database is gone does not
// touch freed memory.
class ConnectionRegistry {
public:
    SqliteConnection& adopt(std::unique_ptr<SqliteConnection> connection);
    // Called by the owning thread when it exits; no-op once close_all ran.
    void release(const SqliteConnection* connection);
    void close_all();
    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<SqliteConnection>> connections_;
};

}  // namespace authapi
