#include "memory_session_repository.hpp"

#include <algorithm>
#include <mutex>
#include <tuple>
#include <utility>

namespace authapi {

namespace {

bool is_older(const UserSession& a, const UserSession& b) {
    return std::tie(a.created_at, a.position) < std::tie(b.created_at, b.position);
}

}  // namespace

UserSession MemorySessionRepository::to_session(const Map::value_type& item) {
    const Entry& entry = item.second;
    UserSession session;
    session.id = entry.id;
    session.user_id = entry.user_id;
    session.token_hash = item.first;
    session.created_at = entry.created_at;
    session.expires_at = entry.expires_at;
    session.last_seen_at = entry.last_seen_at;
    session.ip = entry.ip;
    session.user_agent = entry.user_agent;
    session.credential_version = entry.credential_version;
    session.position = entry.position;
    return session;
}

void MemorySessionRepository::erase(Map::iterator item) {
    const auto owner = by_user_.find(item->second.user_id);
    if (owner != by_user_.end()) {
        auto& hashes = owner->second;
        hashes.erase(std::find(hashes.begin(), hashes.end(), item->first));
        if (hashes.empty()) by_user_.erase(owner);
    }
    by_token_hash_.erase(item);
}

bool MemorySessionRepository::insert(const UserSession& session, std::int64_t max_per_user) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    // Under the write lock: a password change holds it from its write to
    // the user store until its sessions here are settled.
    const auto user = users_.find_by_id(session.user_id);
    if (!user || user->credential_version != session.credential_version) return false;
    Entry entry{
        session.id,           session.user_id, session.created_at, session.expires_at,
        session.last_seen_at, session.ip,      session.user_agent, session.credential_version,
        next_position_};
    if (!by_token_hash_.emplace(session.token_hash, std::move(entry)).second) {
        throw StorageError("insert session " + session.id + ": token hash already in use");
    }
    ++next_position_;
    // Kept oldest first; a new session almost always goes last.
    auto& hashes = by_user_[session.user_id];
    auto place = hashes.end();
    while (place != hashes.begin() &&
           by_token_hash_.at(*std::prev(place)).created_at > session.created_at) {
        --place;
    }
    hashes.insert(place, session.token_hash);
    while (max_per_user > 0 && static_cast<std::int64_t>(hashes.size()) > max_per_user) {
        by_token_hash_.erase(hashes.front());
        hashes.erase(hashes.begin());
    }
    return true;
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
        session = to_session(*found);
    }
    auto user = users_.find_by_id(session.user_id);
    if (!user) return std::nullopt;
    if (user->credential_version != session.credential_version) {
        // Either the password changed after this session was opened, or we
        // read the session just before a change moved it (the caller's own)
        // to the new version: the change holds the write lock until that
        // move is done, so reading the session again tells which.
        const std::shared_lock<std::shared_mutex> lock(mutex_);
        const auto found = by_token_hash_.find(token_hash);
        if (found == by_token_hash_.end() ||
            found->second.credential_version != user->credential_version) {
            return std::nullopt;
        }
        session.credential_version = user->credential_version;
    }
    return SessionAndUser{std::move(session), std::move(*user)};
}

bool MemorySessionRepository::remove_by_token_hash(const std::string& token_hash) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    const auto found = by_token_hash_.find(token_hash);
    if (found == by_token_hash_.end()) return false;
    erase(found);
    return true;
}

void MemorySessionRepository::touch(const std::string& token_hash, std::int64_t now) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    const auto found = by_token_hash_.find(token_hash);
    if (found != by_token_hash_.end() && found->second.last_seen_at < now) {
        found->second.last_seen_at = now;
    }
}

std::vector<UserSession> MemorySessionRepository::sessions_of(const std::string& user_id) const {
    std::vector<UserSession> sessions;
    const std::shared_lock<std::shared_mutex> lock(mutex_);
    const auto owner = by_user_.find(user_id);
    if (owner == by_user_.end()) return sessions;
    sessions.reserve(owner->second.size());
    for (const auto& hash : owner->second)
        sessions.push_back(to_session(*by_token_hash_.find(hash)));
    std::stable_sort(sessions.begin(), sessions.end(), is_older);
    return sessions;
}

void MemorySessionRepository::for_each_of_user(
    const std::string& user_id, const std::function<void(const UserSession&)>& visit) {
    for (const auto& session : sessions_of(user_id)) visit(session);
}

std::vector<UserSession> MemorySessionRepository::live_sessions_of(
    const std::string& user_id, const ExpiryCutoff& cutoff,
    const std::optional<SessionCursor>& after, std::size_t limit) {
    std::vector<UserSession> page;
    const auto user = users_.find_by_id(user_id);
    if (!user) return page;
    for (auto& session : sessions_of(user_id)) {
        if (page.size() >= limit) break;
        if (after && std::tie(session.created_at, session.position) <=
                         std::tie(after->created_at, after->position)) {
            continue;
        }
        if (cutoff.is_live(session) && session.credential_version == user->credential_version) {
            page.push_back(std::move(session));
        }
    }
    return page;
}

void MemorySessionRepository::for_each(const std::function<void(const UserSession&)>& visit) {
    std::vector<UserSession> all;
    {
        const std::shared_lock<std::shared_mutex> lock(mutex_);
        all.reserve(by_token_hash_.size());
        for (const auto& item : by_token_hash_) all.push_back(to_session(item));
    }
    std::stable_sort(all.begin(), all.end(), is_older);
    for (const auto& session : all) visit(session);
}

bool MemorySessionRepository::remove_by_id(const std::string& id,
                                           const std::optional<std::string>& user_id) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    if (user_id) {
        const auto owner = by_user_.find(*user_id);
        if (owner == by_user_.end()) return false;
        for (const auto& hash : owner->second) {
            const auto item = by_token_hash_.find(hash);
            if (item->second.id == id) {
                erase(item);
                return true;
            }
        }
        return false;
    }
    for (auto it = by_token_hash_.begin(); it != by_token_hash_.end(); ++it) {
        if (it->second.id == id) {
            erase(it);
            return true;
        }
    }
    return false;
}

std::int64_t MemorySessionRepository::erase_user_sessions(const std::string& user_id,
                                                          const std::optional<std::string>& keep) {
    const auto owner = by_user_.find(user_id);
    if (owner == by_user_.end()) return 0;
    std::vector<std::string> kept;
    std::int64_t removed = 0;
    for (auto& hash : owner->second) {
        if (keep && hash == *keep) {
            kept.push_back(std::move(hash));
        } else {
            by_token_hash_.erase(hash);
            ++removed;
        }
    }
    if (kept.empty()) {
        by_user_.erase(owner);
    } else {
        owner->second = std::move(kept);
    }
    return removed;
}

std::int64_t MemorySessionRepository::remove_all_of_user(const std::string& user_id,
                                                         const std::optional<std::string>& keep) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    return erase_user_sessions(user_id, keep);
}

std::optional<PasswordReplaced> MemorySessionRepository::replace_password(
    UserRepository& users, const PasswordReplacement& replacement) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    auto done = users.replace_password(replacement);
    if (!done) return done;
    done->sessions_ended += erase_user_sessions(replacement.user_id, replacement.keep_token_hash);
    if (replacement.keep_token_hash) {
        const auto kept = by_token_hash_.find(*replacement.keep_token_hash);
        if (kept != by_token_hash_.end())
            kept->second.credential_version = done->credential_version;
    }
    return done;
}

std::int64_t MemorySessionRepository::remove_expired_batch(const ExpiryCutoff& cutoff,
                                                           std::int64_t limit) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    std::int64_t removed = 0;
    for (auto it = by_token_hash_.begin(); it != by_token_hash_.end() && removed < limit;) {
        if (!cutoff.is_live(it->second.expires_at, it->second.last_seen_at)) {
            erase(it++);
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
        if (cutoff.is_live(item.second.expires_at, item.second.last_seen_at)) ++live;
    }
    return live;
}

}  // namespace authapi
