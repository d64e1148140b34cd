#include "sqlite_database.hpp"

#include <atomic>
#include <unordered_map>
#include <utility>

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

SqliteDatabase::SqliteDatabase(std::string path)
    : path_(std::move(path)),
      id_(next_database_id()),
      registry_(std::make_shared<ConnectionRegistry>()) {
    connection();
}

SqliteDatabase::~SqliteDatabase() {
    registry_->close_all();
}

SqliteConnection& SqliteDatabase::connection() {
    if (SqliteConnection* mine = this_thread_connections.find(id_)) {
        return *mine;
    }
    SqliteConnection& opened = registry_->adopt(std::make_unique<SqliteConnection>(path_));
    this_thread_connections.remember(id_, registry_, opened);
    return opened;
}

StatementScope SqliteDatabase::statement(std::string_view sql) {
    return connection().statement(sql);
}

std::unique_lock<std::mutex> SqliteDatabase::lock_writes() {
    return std::unique_lock<std::mutex>(write_mutex_);
}

std::size_t SqliteDatabase::open_connections() const {
    return registry_->size();
}

}  // namespace authapi
