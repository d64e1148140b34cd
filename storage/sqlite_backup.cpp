#include "sqlite_backup.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "sqlite_error.hpp"
#include "user_repository.hpp"

namespace authapi {

namespace {

// As for the server's connections: rides out a checkpoint or a migration.
constexpr std::chrono::milliseconds kBusyTimeout(5000);

StorageError system_error(const std::string& what) {
    return StorageError(what + ": " + std::strerror(errno));
}

// The temp file the copy is written to, removed (with any journal SQLite
// left beside it) unless it was renamed into place.
class TempCopy {
public:
    explicit TempCopy(const std::string& destination) : path_(destination + ".tmp-XXXXXX") {
        const int fd = ::mkstemp(path_.data());
        if (fd < 0) throw system_error("create a temporary file next to '" + destination + "'");
        ::close(fd);
    }
    ~TempCopy() {
        if (renamed_) return;
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
            ::unlink((path_ + suffix).c_str());
        }
    }
    TempCopy(const TempCopy&) = delete;
    TempCopy& operator=(const TempCopy&) = delete;

    const std::string& path() const { return path_; }
    void rename_to(const std::string& destination) {
        if (::rename(path_.c_str(), destination.c_str()) != 0) {
            throw system_error("rename '" + path_ + "' to '" + destination + "'");
        }
        renamed_ = true;
    }

private:
    std::string path_;
    bool renamed_ = false;
};

void sync(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) throw system_error("open '" + path + "' to sync it");
    const int synced = ::fsync(fd);
    ::close(fd);
    if (synced != 0) throw system_error("sync '" + path + "'");
}

std::string directory_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

bool same_file(const std::string& a, const std::string& b) {
    struct stat first {};
    struct stat second {};
    return ::stat(a.c_str(), &first) == 0 && ::stat(b.c_str(), &second) == 0 &&
           first.st_dev == second.st_dev && first.st_ino == second.st_ino;
}

// Every page in one step, so in one read transaction on the source: a
// snapshot. Step by step, each write to the source in between would make
// SQLite start over. Busy only while another connection recovers the WAL.
int copy_pages(SQLite::Database& to, SQLite::Database& from) {
    SQLite::Backup backup(to, from);
    const auto deadline = std::chrono::steady_clock::now() + kBusyTimeout;
    while (backup.executeStep(-1) != SQLITE_DONE) {
        if (std::chrono::steady_clock::now() >= deadline) {
            throw StorageError("the database stayed locked for " +
                               std::to_string(kBusyTimeout.count()) + " ms");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return backup.getTotalPageCount();
}

}  // namespace

SqliteBackupResult backup_sqlite_database(const std::string& source,
                                          const std::string& destination) {
    if (same_file(source, destination)) {
        throw StorageError("'" + destination + "' is the database itself");
    }
    // Read-write (never created) although nothing is written: when no
    // server has the database open, the -wal and -shm files this connection
    // creates are removed when it closes, as only a writer may. A read-only
    // one would leave them behind, owned by whoever ran the backup.
    SQLite::Database from = with_storage_context("open database '" + source + "'", [&] {
        return SQLite::Database(source, SQLite::OPEN_READWRITE,
                                static_cast<int>(kBusyTimeout.count()));
    });
    TempCopy copy(destination);
    SqliteBackupResult result;
    {
        SQLite::Database to = with_storage_context("open '" + copy.path() + "'", [&] {
            return SQLite::Database(copy.path(), SQLite::OPEN_READWRITE);
        });
        result.pages =
            with_storage_context("copy '" + source + "'", [&] { return copy_pages(to, from); });
        // A backup is one self-contained file: in rollback-journal mode, so
        // that reading it creates no -wal or -shm beside it. A server opening
        // it switches it back to WAL.
        const std::string check = with_storage_context("check the copy", [&] {
            to.execAndGet("PRAGMA journal_mode=DELETE");
            return to.execAndGet("PRAGMA quick_check").getString();
        });
        if (check != "ok") throw StorageError("the copy failed quick_check: " + check);
    }
    sync(copy.path(), O_RDONLY);
    copy.rename_to(destination);
    sync(directory_of(destination), O_RDONLY | O_DIRECTORY);
    struct stat info {};
    if (::stat(destination.c_str(), &info) == 0) result.bytes = info.st_size;
    return result;
}

}  // namespace authapi
