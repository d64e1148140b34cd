#include "memory_session_repository.hpp"

#include <algorithm>
#include <mutex>
#include <utility>
#include <vector>

namespace authapi {

UserSession MemorySessionRepository::to_session(const Map::value_type& item) {
    const Entry& entry = item.second;
    return UserSession{entry.id,         entry.user_id,      item.first, entry.created_at,
                       entry.expires_at, entry.last_seen_at, entry.ip,   entry.user_agent};
}

void MemorySessionRepository::insert(const UserSession& session) {
    Entry entry{session.id,           session.user_id, session.created_at, session.expires_at,
                session.last_seen_at, session.ip,      session.user_agent};
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
    if (found == by_token_hash_.end()) return std::nullopt;
    return to_session(*found);
}

std::optional<SessionAndUser> MemorySessionRepository::find_with_user(
    const std::string& token_hash) {
    UserSession session;
    {
        const std::shared_lock<std::shared_mutex> lock(mutex_);
        const auto found = by_token_hash_.find(token_hash);
        if (found == by_token_hash_.end()) return std::nullopt;
        const Entry& entry = found->second;
        session.id = entry.id;
        session.user_id = entry.user_id;
        session.token_hash = token_hash;
        session.created_at = entry.created_at;
        session.expires_at = entry.expires_at;
        session.last_seen_at = entry.last_seen_at;
    }
    auto user = users_.find_by_id(session.user_id);
    if (!user) return std::nullopt;
    return SessionAndUser{std::move(session), std::move(*user)};
}

bool MemorySessionRepository::remove_by_token_hash(const std::string& token_hash) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    return by_token_hash_.erase(token_hash) > 0;
}

void MemorySessionRepository::touch(const std::string& token_hash, std::int64_t now) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    const auto found = by_token_hash_.find(token_hash);
    if (found != by_token_hash_.end() && found->second.last_seen_at < now) {
        found->second.last_seen_at = now;
    }
}

void MemorySessionRepository::visit_matching(const std::optional<std::string>& user_id,
                                             const std::function<void(const UserSession&)>& visit) {
    std::vector<UserSession> matching;
    {
        const std::shared_lock<std::shared_mutex> lock(mutex_);
        for (const auto& item : by_token_hash_) {
            if (!user_id || item.second.user_id == *user_id) matching.push_back(to_session(item));
        }
    }
    std::stable_sort(
        matching.begin(), matching.end(),
        [](const UserSession& a, const UserSession& b) { return a.created_at < b.created_at; });
    for (const auto& session : matching) visit(session);
}

void MemorySessionRepository::for_each_of_user(
    const std::string& user_id, const std::function<void(const UserSession&)>& visit) {
    visit_matching(user_id, visit);
}

void MemorySessionRepository::for_each(const std::function<void(const UserSession&)>& visit) {
    visit_matching(std::nullopt, visit);
}

bool MemorySessionRepository::remove_by_id(const std::string& id,
                                           const std::optional<std::string>& user_id) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    for (auto it = by_token_hash_.begin(); it != by_token_hash_.end(); ++it) {
        if (it->second.id == id && (!user_id || it->second.user_id == *user_id)) {
            by_token_hash_.erase(it);
            return true;
        }
    }
    return false;
}

std::int64_t MemorySessionRepository::remove_all_of_user(const std::string& user_id,
                                                         const std::optional<std::string>& keep) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    std::int64_t removed = 0;
    for (auto it = by_token_hash_.begin(); it != by_token_hash_.end();) {
        if (it->second.user_id == user_id && (!keep || it->first != *keep)) {
            it = by_token_hash_.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    return removed;
}

std::int64_t MemorySessionRepository::remove_expired_batch(const ExpiryCutoff& cutoff,
                                                           std::int64_t limit) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    std::int64_t removed = 0;
    for (auto it = by_token_hash_.begin(); it != by_token_hash_.end() && removed < limit;) {
        const Entry& entry = it->second;
        const bool expired = entry.expires_at && *entry.expires_at < cutoff.now;
        const bool idle = cutoff.idle_cutoff && entry.last_seen_at < *cutoff.idle_cutoff;
        if (expired || idle) {
            it = by_token_hash_.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    return removed;
}

std::int64_t MemorySessionRepository::count_live(const ExpiryCutoff& cutoff) {
    const std::shared_lock<std::shared_mutex> lock(mutex_);
    std::int64_t live = 0;
    for (const auto& item : by_token_hash_) {
        const Entry& entry = item.second;
        const bool expired = entry.expires_at && *entry.expires_at < cutoff.now;
        const bool idle = cutoff.idle_cutoff && entry.last_seen_at < *cutoff.idle_cutoff;
        if (!expired && !idle) ++live;
    }
    return live;
}

}  // namespace authapi
