#pragma once

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "session_repository.hpp"
#include "user_repository.hpp"

namespace authapi {

// Sessions kept in process memory, for session_auth and session_exp_auth:
// they end with the process, as in the reference. Users stay in `users`
// (which must outlive this). Thread safe; lookups run in parallel, writes
// exclusively. Per-user operations scan every session under the lock: fine
// for the sizes this mode is for.
class MemorySessionRepository final : public SessionRepository {
public:
    explicit MemorySessionRepository(UserRepository& users) : users_(users) {}

    // Throws StorageError when the token hash is already taken, as the SQLite
    // store does.
    void insert(const UserSession& session) override;
    std::optional<UserSession> find_by_token_hash(const std::string& token_hash) override;
    // The session from memory, then its user from `users`.
    std::optional<SessionAndUser> find_with_user(const std::string& token_hash) override;
    bool remove_by_token_hash(const std::string& token_hash) override;
    void touch(const std::string& token_hash, std::int64_t now) override;
    void for_each_of_user(const std::string& user_id,
                          const std::function<void(const UserSession&)>& visit) override;
    void for_each(const std::function<void(const UserSession&)>& visit) override;
    bool remove_by_id(const std::string& id, const std::optional<std::string>& user_id) override;
    std::int64_t remove_all_of_user(const std::string& user_id,
                                    const std::optional<std::string>& keep) override;
    std::int64_t remove_expired_batch(const ExpiryCutoff& cutoff, std::int64_t limit) override;
    // A full scan under the read lock.
    std::int64_t count_live(const ExpiryCutoff& cutoff) override;

private:
    // The token hash is the map key and is not stored twice.
    struct Entry {
        std::string id;
        std::string user_id;
        std::int64_t created_at;
        std::optional<std::int64_t> expires_at;
        std::int64_t last_seen_at;
        std::string ip;
        std::string user_agent;
    };
    using Map = std::unordered_map<std::string, Entry>;

    static UserSession to_session(const Map::value_type& item);
    // Copies out the matching sessions (oldest first) so that `visit` runs
    // without the lock held.
    void visit_matching(const std::optional<std::string>& user_id,
                        const std::function<void(const UserSession&)>& visit);

    UserRepository& users_;
    mutable std::shared_mutex mutex_;
    Map by_token_hash_;
};

}  // namespace authapi
