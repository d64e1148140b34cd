#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pg_database.hpp"
#include "session_repository.hpp"

namespace authapi {

// The hot path's statement: a session and its user by token hash ($1), only
// while the session's credential is the user's. Also what
// bench/pg_round_trip.cpp times on its own.
const char* pg_session_with_user_sql();

// Sessions in PostgreSQL (migrations/postgresql 0002, 0003 and 0004), shared by
// every instance on the same database: a logout on one is refused by all the
// others on their next request, as nothing about a session is cached.
class PgSessionRepository final : public SessionRepository {
public:
    explicit PgSessionRepository(PgDatabase& database);

    using SessionRepository::insert;
    // Locks the user's row, checks its credential version, inserts and ends
    // the oldest sessions: one transaction.
    bool insert(const UserSession& session, std::int64_t max_per_user) override;
    std::optional<UserSession> find_by_token_hash(const std::string& token_hash) override;
    // One round trip: a join of user_sessions and users, prepared.
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
    // Rows another instance's sweeper is deleting are skipped, not waited for.
    std::int64_t remove_expired_batch(const ExpiryCutoff& cutoff, std::int64_t limit) override;
    std::int64_t count_live(const ExpiryCutoff& cutoff) override;

private:
    void visit_rows(const char* statement, const std::optional<std::string>& key,
                    const char* operation, const std::function<void(const UserSession&)>& visit);

    PgDatabase& database_;
};

}  // namespace authapi
