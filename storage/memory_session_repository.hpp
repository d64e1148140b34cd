#pragma once

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "session_repository.hpp"
#include "user_repository.hpp"

namespace authapi {

// Sessions kept in process memory, for session_auth and session_exp_auth:
// they end with the process, as in the reference. Users stay in `users`
// (which must outlive this). Thread safe; lookups run in parallel, writes
// exclusively. Sessions are indexed by token hash and by user, so what
// concerns one user (listing, revocation, the bound per user) touches only
// that user's sessions.
class MemorySessionRepository final : public SessionRepository {
public:
    explicit MemorySessionRepository(UserRepository& users) : users_(users) {}

    using SessionRepository::insert;
    // Reads the user's credential version under the write lock, so that a
    // password change (see replace_password) lands wholly before or after.
    // Throws StorageError when the token hash is already taken, as the SQLite
    // store does.
    bool insert(const UserSession& session, std::int64_t max_per_user) override;
    std::optional<UserSession> find_by_token_hash(const std::string& token_hash) override;
    // The session from memory, then its user from `users`.
    std::optional<SessionAndUser> find_with_user(const std::string& token_hash) override;
    bool remove_by_token_hash(const std::string& token_hash) override;
    void touch(const std::string& token_hash, std::int64_t now) override;
    void for_each_of_user(const std::string& user_id,
                          const std::function<void(const UserSession&)>& visit) override;
    std::vector<UserSession> live_sessions_of(const std::string& user_id,
                                              const ExpiryCutoff& cutoff,
                                              const std::optional<SessionCursor>& after,
                                              std::size_t limit) override;
    void for_each(const std::function<void(const UserSession&)>& visit) override;
    bool remove_by_id(const std::string& id, const std::optional<std::string>& user_id) override;
    std::int64_t remove_all_of_user(const std::string& user_id,
                                    const std::optional<std::string>& keep) override;
    // Scans every session (the sweeper's batches).
    std::int64_t remove_expired_batch(const ExpiryCutoff& cutoff, std::int64_t limit) override;
    // A full scan under the read lock.
    std::int64_t count_live(const ExpiryCutoff& cutoff) override;
    // The change in `users`, then this store's sessions of the user, under
    // the write lock.
    std::optional<PasswordReplaced> replace_password(
        UserRepository& users, const PasswordReplacement& replacement) override;

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
        std::int64_t credential_version;
        std::int64_t position;
    };
    using Map = std::unordered_map<std::string, Entry>;

    static UserSession to_session(const Map::value_type& item);
    // With the write lock held.
    void erase(Map::iterator item);
    std::int64_t erase_user_sessions(const std::string& user_id,
                                     const std::optional<std::string>& keep);
    // The user's sessions, oldest first, copied out under the read lock.
    std::vector<UserSession> sessions_of(const std::string& user_id) const;

    UserRepository& users_;
    mutable std::shared_mutex mutex_;
    Map by_token_hash_;
    // Each user's token hashes, oldest first ((created_at, position) order).
    std::unordered_map<std::string, std::vector<std::string>> by_user_;
    std::int64_t next_position_ = 1;
};

}  // namespace authapi
