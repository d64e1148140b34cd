#include "memory_session_repository.hpp"

#include <mutex>
#include <utility>

#include "user_repository.hpp"

namespace authapi {

void MemorySessionRepository::insert(const UserSession& session) {
    Entry entry{session.id, session.user_id, session.created_at, session.expires_at};
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    const bool inserted = by_token_hash_.emplace(session.token_hash, std::move(entry)).second;
    if (!inserted) {
        throw StorageError("insert session " + session.id + ": token hash already in use");
    }
}

std::optional<UserSession> MemorySessionRepository::find_by_token_hash(
    const std::string& token_hash) {
    const std::shared_lock<std::shared_mutex> lock(mutex_);
    const auto found = by_token_hash_.find(token_hash);
    if (found == by_token_hash_.end()) {
        return std::nullopt;
    }
    const Entry& entry = found->second;
    return UserSession{entry.id, entry.user_id, token_hash, entry.created_at, entry.expires_at};
}

bool MemorySessionRepository::remove_by_token_hash(const std::string& token_hash) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    return by_token_hash_.erase(token_hash) > 0;
}

std::int64_t MemorySessionRepository::remove_expired(std::int64_t now) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    std::int64_t removed = 0;
    for (auto it = by_token_hash_.begin(); it != by_token_hash_.end();) {
        const auto& expires_at = it->second.expires_at;
        if (expires_at && *expires_at < now) {
            it = by_token_hash_.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    return removed;
}

std::int64_t MemorySessionRepository::count_live(std::int64_t now) {
    const std::shared_lock<std::shared_mutex> lock(mutex_);
    std::int64_t live = 0;
    for (const auto& entry : by_token_hash_) {
        if (!entry.second.expires_at || *entry.second.expires_at >= now) ++live;
    }
    return live;
}

}  // namespace authapi
