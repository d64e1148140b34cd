#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "statement_scope.hpp"

namespace authapi {

// One configured SQLite connection and its prepared statements. Not thread
// safe: SQLiteCpp cannot share a connection between threads, so each thread
// gets its own (see SqliteDatabase).
class SqliteConnection {
public:
    // SQLite's own default page cache (2000 KiB).
    static constexpr std::size_t kDefaultCacheKib = 2000;

    // Opens and configures the connection; with `create`, a missing file is
    // created. Its page cache holds at most `cache_kib` KiB. Throws
    // StorageError naming the path.
    explicit SqliteConnection(const std::string& path, bool create = true,
                              std::size_t cache_kib = kDefaultCacheKib);

    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    SQLite::Database& handle() { return database_; }

    enum class FileState { Same, Missing, Replaced };
    // Whether the path still names the file this connection opened. A file
    // deleted or replaced under a running server (an operator restoring a
    // backup) leaves the connection on the old inode, where reads see stale
    // data and writes vanish with it.
    FileState file_state() const;

    // The prepared statement for `sql`, compiled on first use. Throws
    // SQLite::Exception when `sql` does not compile.
    StatementScope statement(std::string_view sql);

private:
    struct CachedStatement {
        std::unique_ptr<SQLite::Statement> statement;
        bool in_use = false;
    };

    // Declared before the cache so that it is destroyed after it: a
    // connection cannot close while statements are still prepared on it.
    SQLite::Database database_;
    std::string path_;
    // The opened file's identity (st_dev, st_ino).
    unsigned long long device_ = 0;
    unsigned long long inode_ = 0;
    bool tracked_ = false;
    // Keys view each statement's own copy of its SQL, so a lookup allocates
    // nothing.
    std::unordered_map<std::string_view, CachedStatement> statements_;
};

}  // namespace authapi
