#include "verified_credentials_cache.hpp"

#include <cstring>
#include <stdexcept>

#include "keyed_hashing.hpp"

namespace authapi {

VerifiedCredentialsCache::VerifiedCredentialsCache(const Clock& clock, std::int64_t ttl_seconds,
                                                   std::size_t max_entries)
    : clock_(clock), ttl_seconds_(ttl_seconds), max_entries_(max_entries) {
    random_bytes(secret_.data(), secret_.size());
}

std::size_t VerifiedCredentialsCache::KeyHash::operator()(const Key& key) const {
    // The key is already a keyed hash: any of its bytes are uniform.
    std::size_t value;
    std::memcpy(&value, key.data(), sizeof value);
    return value;
}

VerifiedCredentialsCache::Key VerifiedCredentialsCache::key_of(std::string_view header) const {
    Key key;
    const std::string_view secret(reinterpret_cast<const char*>(secret_.data()), secret_.size());
    keyed_digest(secret, header, {}, key.data(), key.size());
    return key;
}

VerifiedCredentialsCache::Generation VerifiedCredentialsCache::generation() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return generation_;
}

std::optional<VerifiedCredentialsCache::Verified> VerifiedCredentialsCache::find(
    std::string_view header) const {
    const Key key = key_of(header);
    const std::int64_t now = clock_.now();
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || now > it->second.expires_at) return std::nullopt;
    return it->second.verified;
}

void VerifiedCredentialsCache::forget(std::string_view header) {
    const Key key = key_of(header);
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.erase(key);
}

void VerifiedCredentialsCache::remember(std::string_view header, const std::string& user_id,
                                        std::int64_t credential_version, Generation started) {
    if (max_entries_ == 0 || ttl_seconds_ <= 0) return;
    const Key key = key_of(header);
    const std::int64_t now = clock_.now();
    std::lock_guard<std::mutex> lock(mutex_);
    if (started != generation_) return;
    if (entries_.find(key) == entries_.end()) evict_for_insert(now);
    entries_[key] = Entry{Verified{user_id, credential_version}, now + ttl_seconds_};
}

void VerifiedCredentialsCache::evict_for_insert(std::int64_t now) {
    if (entries_.size() < max_entries_) return;
    for (auto it = entries_.begin(); it != entries_.end();) {
        it = now > it->second.expires_at ? entries_.erase(it) : std::next(it);
    }
    // Still full of live entries: any one goes (they are all re-verifiable).
    if (entries_.size() >= max_entries_) entries_.erase(entries_.begin());
}

void VerifiedCredentialsCache::revoke_user(const std::string& user_id) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++generation_;
    for (auto it = entries_.begin(); it != entries_.end();) {
        it = it->second.verified.user_id == user_id ? entries_.erase(it) : std::next(it);
    }
}

std::size_t VerifiedCredentialsCache::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
}

}  // namespace authapi
