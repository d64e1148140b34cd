#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "sqlite_memory.hpp"
#include "statement_scope.hpp"
#include "wal_index_stamp.hpp"

namespace authapi {

// One configured SQLite connection and its prepared statements. Not thread
// safe: SQLiteCpp cannot share a connection between threads, so each thread
// gets its own (see SqliteDatabase).
class SqliteConnection {
public:
    // Opens and configures the connection; with `create`, a missing file is
    // created. It holds at most `memory` of the file's pages. Throws
    // StorageError naming the path.
    explicit SqliteConnection(const std::string& path, bool create = true,
                              const SqliteMemory& memory = {});

    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    // The connection, for a transaction or statement of the caller's own;
    // a read snapshot held open (see snapshot_statement) ends first.
    SQLite::Database& handle() {
        end_snapshot();
        return database_;
    }

    enum class FileState { Same, Missing, Replaced };
    // Whether the path still names the file this connection opened. A file
    // deleted or replaced under a running server (an operator restoring a
    // backup) leaves the connection on the old inode, where reads see stale
    // data and writes vanish with it.
    FileState file_state() const;
    // The DirectoryWatch generation at which the file was last found the
    // same (SqliteDatabase's bookkeeping: it checks again when it changes).
    std::uint64_t checked_generation = 0;

    // The prepared statement for `sql`, compiled on first use. Throws
    // SQLite::Exception when `sql` does not compile.
    StatementScope statement(std::string_view sql);

    // As statement(), for a read that may run in a read transaction kept
    // open from an earlier call, as long as no process has committed to
    // the database since it began (WalIndexStamp): the answer is then the
    // same as a fresh transaction's, without taking SQLite's file and
    // shared-memory locks again. Any other use of the connection, and
    // end_snapshot(), end that transaction.
    StatementScope snapshot_statement(std::string_view sql);
    // Ends the read transaction snapshot_statement() keeps, if any: while it
    // is open, checkpoints cannot move past it and the WAL grows.
    void end_snapshot();
    // Until this is called, snapshot_statement() keeps nothing between calls.
    void allow_snapshots() { snapshots_allowed_ = true; }
    bool holds_snapshot() const { return snapshot_began_.has_value(); }

private:
    StatementScope prepared(std::string_view sql);
    bool has_busy_statement();
    // Runs `sql` (BEGIN, COMMIT) through its cached statement.
    void run(std::string_view sql);

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
    // SQLite's mapping of the wal-index header, once the connection has one.
    const volatile unsigned char* wal_index_ = nullptr;
    // The header when the open read snapshot began, if one is open.
    std::optional<WalIndexStamp> snapshot_began_;
    bool snapshots_allowed_ = false;
};

}  // namespace authapi
