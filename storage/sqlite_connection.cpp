#include "sqlite_connection.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "sqlite_error.hpp"
#include "user_repository.hpp"

namespace authapi {

namespace {

// Long enough to ride out another process's migration or checkpoint; our own
// writers queue on SqliteDatabase's mutex and never get here.
constexpr int kBusyTimeoutMs = 5000;

// Once per process, before SQLite initialises itself (the first open): no
// allocation statistics. Kept on, they make every allocation of every
// connection take one process-wide mutex, which the HTTP threads then queue
// on. Too late (SQLite already in use in this process) changes nothing.
void configure_library() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

SQLite::Database open_database(const std::string& path, bool create) {
    configure_library();
    return with_storage_context("open database '" + path + "'", [&] {
        // NOMUTEX: a connection is only ever used by one thread at a time
        // (SqliteDatabase gives each thread its own), so SQLite's lock
        // around every call on it would only cost.
        return SQLite::Database(
            path,
            SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX | (create ? SQLite::OPEN_CREATE : 0),
            kBusyTimeoutMs);
    });
}

// Switching a new file to WAL needs the file to itself for a moment: a second
// connection doing the same at that instant gets SQLITE_BUSY at once, without
// the busy handler being consulted. Retry for as long as the busy timeout.
std::string switch_to_wal(SQLite::Database& database) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    for (;;) {
        try {
            return database.execAndGet("PRAGMA journal_mode=WAL").getString();
        } catch (const SQLite::Exception& error) {
            if ((error.getErrorCode() & 0xff) != SQLITE_BUSY ||
                std::chrono::steady_clock::now() >= deadline) {
                throw;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
}

void configure(SQLite::Database& database, const SqliteMemory& memory) {
    // WAL lets readers on other threads run alongside the single writer. It
    // is a property of the file, but asking on every connection is harmless
    // and covers a file created by something else.
    const std::string mode = switch_to_wal(database);
    if (mode != "wal") {
        throw StorageError("journal_mode=WAL refused (got '" + mode + "')");
    }
    // FULL syncs the WAL on every commit. With NORMAL, a commit in WAL mode
    // survives the process being killed but may be rolled back by a power cut
    // or kernel crash, and a login or logout the client was told about must
    // not come back undone. Costs ~4x per write (see the pistache notes).
    database.exec("PRAGMA synchronous=FULL");
    // Per connection and off by default; without it user deletion would leave
    // the user's sessions behind. A build without foreign key support
    // silently ignores the pragma, hence the check.
    database.exec("PRAGMA foreign_keys=ON");
    if (database.execAndGet("PRAGMA foreign_keys").getInt() != 1) {
        throw StorageError("foreign_keys=ON refused by this SQLite build");
    }
    // A negative size is in KiB. The cache is this connection's heap, so the
    // process's memory is bounded by connections x this; a lookup in a large
    // file reads from the file (the kernel's page cache) what does not fit.
    database.exec("PRAGMA cache_size=-" + std::to_string(memory.cache_kib));
    if (memory.mmap_bytes > 0) {
        database.exec("PRAGMA mmap_size=" + std::to_string(memory.mmap_bytes));
    }
}

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, bool create, const SqliteMemory& memory)
    : database_(open_database(path, create)), path_(path) {
    try {
        with_storage_context("configure database", [&] { configure(database_, memory); });
    } catch (const StorageError& error) {
        throw StorageError("open database '" + path + "': " + error.what());
    }
    // Taken after the open: SQLite has the file by now, so this is its inode.
    struct stat info {};
    if (::stat(path_.c_str(), &info) == 0) {
        device_ = info.st_dev;
        inode_ = info.st_ino;
        tracked_ = true;  // not for ":memory:" and other names that are no file
    }
    // A first read makes SQLite open the WAL and map its header.
    with_storage_context("read schema",
                         [&] { database_.exec("SELECT count(*) FROM sqlite_master"); });
    wal_index_ = WalIndexStamp::map(database_.getHandle());
}

SqliteConnection::FileState SqliteConnection::file_state() const {
    struct stat info {};
    if (!tracked_) return FileState::Same;
    if (::stat(path_.c_str(), &info) != 0) {
        return errno == ENOENT || errno == ENOTDIR ? FileState::Missing : FileState::Same;
    }
    return info.st_dev == device_ && info.st_ino == inode_ ? FileState::Same : FileState::Replaced;
}

StatementScope SqliteConnection::statement(std::string_view sql) {
    end_snapshot();
    return prepared(sql);
}

StatementScope SqliteConnection::snapshot_statement(std::string_view sql) {
    if (snapshot_began_) {
        // Still open (an error rolls a transaction back) and still the
        // newest: nobody committed since it began.
        if (sqlite3_get_autocommit(database_.getHandle()) == 0 &&
            WalIndexStamp::read(wal_index_) == snapshot_began_) {
            return prepared(sql);
        }
        end_snapshot();
    }
    // No header to go by, or a thread that would not end it when idle.
    if (wal_index_ == nullptr || !snapshots_allowed_) return prepared(sql);
    // Inside a transaction of the caller's own, or while another statement
    // is stepping (a visitor's lookup): a read like any other.
    if (sqlite3_get_autocommit(database_.getHandle()) == 0 || has_busy_statement()) {
        return prepared(sql);
    }
    // Read before the transaction begins: what it sees is at least this
    // new, so an unchanged header later means it is still the newest.
    const std::optional<WalIndexStamp> now = WalIndexStamp::read(wal_index_);
    if (!now) return prepared(sql);  // a commit is being written
    run("BEGIN");
    snapshot_began_ = now;
    return prepared(sql);
}

bool SqliteConnection::has_busy_statement() {
    sqlite3* handle = database_.getHandle();
    for (sqlite3_stmt* statement = sqlite3_next_stmt(handle, nullptr); statement != nullptr;
         statement = sqlite3_next_stmt(handle, statement)) {
        if (sqlite3_stmt_busy(statement) != 0) return true;
    }
    return false;
}

void SqliteConnection::end_snapshot() {
    if (!snapshot_began_) return;
    snapshot_began_.reset();
    if (sqlite3_get_autocommit(database_.getHandle()) == 0) run("COMMIT");
}

void SqliteConnection::run(std::string_view sql) {
    StatementScope scope = prepared(sql);
    scope->exec();
}

StatementScope SqliteConnection::prepared(std::string_view sql) {
    const auto found = statements_.find(sql);
    if (found == statements_.end()) {
        auto prepared = std::make_unique<SQLite::Statement>(database_, std::string(sql));
        const std::string_view key = prepared->getQuery();
        CachedStatement& entry = statements_[key];
        entry.statement = std::move(prepared);
        return StatementScope(*entry.statement, entry.in_use);
    }
    CachedStatement& entry = found->second;
    if (entry.in_use) {
        // Same SQL used again while the first use is still stepping (a
        // callback of for_each querying the same way): resetting the shared
        // statement would break the outer loop.
        return StatementScope(std::make_unique<SQLite::Statement>(database_, std::string(sql)));
    }
    return StatementScope(*entry.statement, entry.in_use);
}

}  // namespace authapi
