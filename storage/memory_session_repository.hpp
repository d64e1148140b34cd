#pragma once

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "session_repository.hpp"

namespace authapi {

// Sessions kept in process memory, for session_auth and session_exp_auth:
// they end with the process, as in the reference. Thread safe; lookups run
// in parallel, writes exclusively.
class MemorySessionRepository final : public SessionRepository {
public:
    // Throws StorageError when the token hash is already taken, as the SQLite
    // store does.
    void insert(const UserSession& session) override;
    std::optional<UserSession> find_by_token_hash(const std::string& token_hash) override;
    bool remove_by_token_hash(const std::string& token_hash) override;
    // A full scan under the write lock: fine for the sizes this mode is for.
    std::int64_t remove_expired(std::int64_t now) override;
    // A full scan under the read lock.
    std::int64_t count_live(std::int64_t now) override;

private:
    // The token hash is the map key and is not stored twice.
    struct Entry {
        std::string id;
        std::string user_id;
        std::int64_t created_at;
        std::optional<std::int64_t> expires_at;
    };

    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, Entry> by_token_hash_;
};

}  // namespace authapi
