#include "connection_registry.hpp"

#include <algorithm>
#include <utility>

namespace authapi {

SqliteConnection& ConnectionRegistry::adopt(std::unique_ptr<SqliteConnection> connection) {
    const std::lock_guard<std::mutex> lock(mutex_);
    connections_.push_back(std::move(connection));
    return *connections_.back();
}

void ConnectionRegistry::release(const SqliteConnection* connection) {
    std::unique_ptr<SqliteConnection> closing;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        const auto found =
            std::find_if(connections_.begin(), connections_.end(),
                         [&](const auto& owned) { return owned.get() == connection; });
        if (found == connections_.end()) {
            return;
        }
        closing = std::move(*found);
        connections_.erase(found);
    }
    // Closed outside the lock: closing may checkpoint the WAL.
}

void ConnectionRegistry::close_all() {
    std::vector<std::unique_ptr<SqliteConnection>> closing;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        closing.swap(connections_);
    }
}

std::size_t ConnectionRegistry::size() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return connections_.size();
}

}  // namespace authapi
