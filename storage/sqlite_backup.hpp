#pragma once

#include <cstdint>
#include <string>

namespace authapi {

struct SqliteBackupResult {
    std::int64_t pages = 0;
    std::int64_t bytes = 0;
};

// A consistent copy of the SQLite database at `source`, taken with SQLite's
// online backup API in one read transaction: a snapshot of the last commit
// before it started, while servers keep reading and writing (WAL). Written
// to a temp file next to `destination` (mode 0600: it holds password
// hashes; rollback-journal mode: one file), checked with quick_check,
// synced, then renamed over
// `destination`: `destination` is either the whole copy or as it was before.
// Throws StorageError saying what failed; the temp file is then removed.
SqliteBackupResult backup_sqlite_database(const std::string& source,
                                          const std::string& destination);

}  // namespace authapi
