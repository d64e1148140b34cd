#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "connection_registry.hpp"
#include "directory_watch.hpp"
#include "sqlite_connection.hpp"
#include "statement_scope.hpp"

namespace authapi {

// A SQLite database file shared by the threads of this process. Each thread
// gets its own connection, opened on first use and closed when the thread
// exits or when this object is destroyed, whichever comes first. Destroy it
// only once no thread is using it any more.
class SqliteDatabase {
public:
    // Opens the calling thread's connection at once, so that a bad path or an
    // unusable file fails at startup. Each connection holds at most `memory`
    // of the file's pages. Throws StorageError.
    explicit SqliteDatabase(std::string path, const SqliteMemory& memory = {});
    ~SqliteDatabase();

    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    const std::string& path() const { return path_; }

    // The calling thread's connection, reopened when the file at path() was
    // replaced since (a restored backup). Throws StorageError when it cannot
    // be opened, or when the file has been deleted.
    SqliteConnection& connection();
    // connection().statement(sql).
    StatementScope statement(std::string_view sql);
    // connection().snapshot_statement(sql): for the hot lookups, which may
    // reuse the calling thread's read transaction while nobody has committed.
    StatementScope snapshot_statement(std::string_view sql);
    // Ends the calling thread's read snapshot, if it holds one. Only a thread
    // that calls this, and keeps calling it when idle (the HTTP threads, on
    // every tick), keeps snapshots between lookups from then on. Any other
    // (a hash thread in the middle of a 20 ms hash, the sweeper, a command)
    // reads in a transaction of its own each time, so it never holds
    // checkpoints back: a snapshot held through each hash made every commit
    // re-run a checkpoint (0.7 extra fsync per login).
    void end_thread_snapshot();
    // Whether the calling thread holds one (diagnostics and tests).
    bool holds_thread_snapshot() const;

    // Hold it around every write. SQLite admits one writer at a time and
    // makes the others sleep and retry; queuing on a mutex instead keeps
    // write latency flat (p99 73 ms instead of >1 s under contention with
    // synchronous=FULL). The busy timeout still covers other processes.
    [[nodiscard]] std::unique_lock<std::mutex> lock_writes();

    // Connections currently open, for diagnostics and tests.
    std::size_t open_connections() const;

private:
    std::string path_;
    SqliteMemory memory_;
    // Never reused, unlike an address: a thread's cache cannot mistake a new
    // database for a destroyed one that lived at the same place.
    std::uint64_t id_;
    std::shared_ptr<ConnectionRegistry> registry_;
    std::mutex write_mutex_;
    std::atomic<bool> opened_once_{false};
    // Whether the path may name another file: stat(2) only then.
    DirectoryWatch directory_;
};

}  // namespace authapi
