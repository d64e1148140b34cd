#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "session_repository.hpp"
#include "sqlite_database.hpp"

namespace authapi {

// Sessions in the `user_sessions` table (migrations 0002, 0003 and 0004), for
// session_db_auth and the administration commands. Thread safe: each thread
// uses its own connection of `database`, which must outlive this.
class SqliteSessionRepository final : public SessionRepository {
public:
    explicit SqliteSessionRepository(SqliteDatabase& database) : database_(database) {}

    using SessionRepository::insert;
    // updated_at is set to created_at. The check of the user's credential
    // version, the insert and the end of the oldest sessions are one write
    // transaction.
    bool insert(const UserSession& session, std::int64_t max_per_user) override;
    std::optional<UserSession> find_by_token_hash(const std::string& token_hash) override;
    // One query, a join of user_sessions and users, on a cached statement.
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
    std::int64_t remove_expired_batch(const ExpiryCutoff& cutoff, std::int64_t limit) override;
    std::int64_t count_live(const ExpiryCutoff& cutoff) override;

private:
    void visit_rows(const char* sql, const std::optional<std::string>& key, const char* operation,
                    const std::function<void(const UserSession&)>& visit);

    SqliteDatabase& database_;
};

}  // namespace authapi
