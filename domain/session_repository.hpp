#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "session_policy.hpp"
#include "user_repository.hpp"
#include "user_session.hpp"

namespace authapi {

// Where a page of a user's sessions ends: listings are ordered by
// (created_at, position), and the next page starts after this pair.
struct SessionCursor {
    std::int64_t created_at = 0;
    std::int64_t position = 0;
};

class SessionRepository {
public:
    virtual ~SessionRepository() = default;

    // Stores the session if its user exists and its credential_version is
    // still session.credential_version, checked in the same transaction as
    // the write; then ends the user's oldest sessions beyond `max_per_user`
    // (0: no bound) in that transaction too. False, and nothing written, when
    // the user is gone or the password changed since it was checked. Throws
    // StorageError when the token hash is already taken.
    virtual bool insert(const UserSession& session, std::int64_t max_per_user) = 0;
    bool insert(const UserSession& session) { return insert(session, 0); }
    virtual std::optional<UserSession> find_by_token_hash(const std::string& token_hash) = 0;
    // The hot path of every authenticated request: the session and its user
    // in one lookup. nullopt for an unknown token hash, a session whose user
    // is gone, or one whose credential_version is not its user's any more.
    virtual std::optional<SessionAndUser> find_with_user(const std::string& token_hash) = 0;
    // False when no such session exists (already logged out, or never did).
    virtual bool remove_by_token_hash(const std::string& token_hash) = 0;
    // Records a request: sets last_seen_at when it is older than `now`.
    virtual void touch(const std::string& token_hash, std::int64_t now) = 0;

    // The sessions of one user (live or not), oldest first.
    virtual void for_each_of_user(const std::string& user_id,
                                  const std::function<void(const UserSession&)>& visit) = 0;
    // One page of the user's sessions live under `cutoff` (ExpiryCutoff::is_live)
    // and whose credential is current: oldest first, at most `limit`, after
    // `after` when given.
    virtual std::vector<UserSession> live_sessions_of(const std::string& user_id,
                                                      const ExpiryCutoff& cutoff,
                                                      const std::optional<SessionCursor>& after,
                                                      std::size_t limit) = 0;
    // Every session, oldest first (administration).
    virtual void for_each(const std::function<void(const UserSession&)>& visit) = 0;
    // By public id; with `user_id`, only when the session is that user's.
    virtual bool remove_by_id(const std::string& id,
                              const std::optional<std::string>& user_id = std::nullopt) = 0;
    // Every session of the user except the one whose token hash is `keep`.
    virtual std::int64_t remove_all_of_user(const std::string& user_id,
                                            const std::optional<std::string>& keep) = 0;
    // Deletes at most `limit` sessions that are not live under `cutoff`;
    // returns how many.
    // Callers loop until it returns less than `limit`, so no single call holds
    // the store's write lock for long.
    virtual std::int64_t remove_expired_batch(const ExpiryCutoff& cutoff, std::int64_t limit) = 0;
    // Sessions live under `cutoff` (the metrics' gauge).
    virtual std::int64_t count_live(const ExpiryCutoff& cutoff) = 0;

    // A password change, through `users` (UserRepository::replace_password).
    // The stores inside the user database need nothing more: the user store's
    // transaction ends their sessions. A store outside it (in memory) ends
    // its own sessions of the user but the kept one, and does it so that its
    // lookups and inserts see the whole change or none of it.
    virtual std::optional<PasswordReplaced> replace_password(
        UserRepository& users, const PasswordReplacement& replacement) {
        return users.replace_password(replacement);
    }

    // Every session that is not live under `cutoff`, batch by batch; returns
    // how many.
    std::int64_t remove_expired(const ExpiryCutoff& cutoff, std::int64_t batch_size);
};

}  // namespace authapi
