#include "sqlite_database.hpp"

#include <atomic>
#include <unordered_map>
#include <utility>

#include "user_repository.hpp"

namespace authapi {

namespace {

std::uint64_t next_database_id() {
    static std::atomic<std::uint64_t> last{0};
    return ++last;
}

// The calling thread's connections, one per live SqliteDatabase it has used.
// The registry owns them; this only finds them, and hands them back when the
// thread exits so that short-lived threads do not accumulate open files.
class ThreadConnections {
public:
    ThreadConnections() = default;
    ThreadConnections(const ThreadConnections&) = delete;
    ThreadConnections& operator=(const ThreadConnections&) = delete;

    ~ThreadConnections() {
        for (const auto& [id, entry] : entries_) {
            if (const auto registry = entry.registry.lock()) {
                registry->release(entry.connection);
            }
        }
    }

    // Drops this thread's entry; the caller releases the connection.
    void forget(std::uint64_t database_id) { entries_.erase(database_id); }

    SqliteConnection* find(std::uint64_t database_id) const {
        const auto found = entries_.find(database_id);
        return found == entries_.end() ? nullptr : found->second.connection;
    }

    void remember(std::uint64_t database_id, const std::shared_ptr<ConnectionRegistry>& registry,
                  SqliteConnection& connection) {
        forget_destroyed_databases();
        entries_[database_id] = Entry{registry, &connection};
    }

private:
    struct Entry {
        std::weak_ptr<ConnectionRegistry> registry;
        SqliteConnection* connection;
    };

    void forget_destroyed_databases() {
        for (auto it = entries_.begin(); it != entries_.end();) {
            it = it->second.registry.expired() ? entries_.erase(it) : std::next(it);
        }
    }

    std::unordered_map<std::uint64_t, Entry> entries_;
};

thread_local ThreadConnections this_thread_connections;

}  // namespace

SqliteDatabase::SqliteDatabase(std::string path, const SqliteMemory& memory)
    : path_(std::move(path)),
      memory_(memory),
      id_(next_database_id()),
      registry_(std::make_shared<ConnectionRegistry>()),
      directory_(path_) {
    connection();
}

SqliteDatabase::~SqliteDatabase() {
    registry_->close_all();
}

SqliteConnection& SqliteDatabase::connection() {
    const bool first = !opened_once_.load();
    // Taken before the file is looked at: a change after it shows next time.
    const std::uint64_t generation = directory_.generation();
    if (SqliteConnection* mine = this_thread_connections.find(id_)) {
        if (mine->checked_generation == generation) return *mine;
        switch (mine->file_state()) {
            case SqliteConnection::FileState::Same:
                mine->checked_generation = generation;
                return *mine;
            case SqliteConnection::FileState::Missing:
                // Never recreated empty: that would answer "no such user" for
                // everyone. Requests fail (503) until the file is back.
                throw StorageError("database file '" + path_ +
                                   "' has disappeared; restore it to serve again");
            case SqliteConnection::FileState::Replaced:
                // Restored or replaced: serve the file the path names now.
                this_thread_connections.forget(id_);
                registry_->release(mine);
                break;
        }
    }
    // Only the first connection may create the file (and then migrations
    // give it a schema); later ones would create an empty, unusable one.
    SqliteConnection& opened =
        registry_->adopt(std::make_unique<SqliteConnection>(path_, first, memory_));
    opened_once_ = true;
    opened.checked_generation = generation;
    this_thread_connections.remember(id_, registry_, opened);
    return opened;
}

StatementScope SqliteDatabase::statement(std::string_view sql) {
    return connection().statement(sql);
}

StatementScope SqliteDatabase::snapshot_statement(std::string_view sql) {
    return connection().snapshot_statement(sql);
}

void SqliteDatabase::end_thread_snapshot() {
    if (SqliteConnection* mine = this_thread_connections.find(id_)) {
        mine->end_snapshot();
        mine->allow_snapshots();
    }
}

bool SqliteDatabase::holds_thread_snapshot() const {
    const SqliteConnection* mine = this_thread_connections.find(id_);
    return mine != nullptr && mine->holds_snapshot();
}

std::unique_lock<std::mutex> SqliteDatabase::lock_writes() {
    return std::unique_lock<std::mutex>(write_mutex_);
}

std::size_t SqliteDatabase::open_connections() const {
    return registry_->size();
}

}  // namespace authapi
