#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "session_repository.hpp"
#include "sqlite_database.hpp"

namespace authapi {

// Sessions in the `user_sessions` table (migration 0002), for
// session_db_auth. Thread safe: each thread uses its own connection of
// `database`, which must outlive this.
class SqliteSessionRepository final : public SessionRepository {
public:
    explicit SqliteSessionRepository(SqliteDatabase& database) : database_(database) {}

    // updated_at is set to created_at. Throws StorageError when the user does
    // not exist or the token hash is already taken.
    void insert(const UserSession& session) override;
    std::optional<UserSession> find_by_token_hash(const std::string& token_hash) override;
    bool remove_by_token_hash(const std::string& token_hash) override;
    std::int64_t remove_expired(std::int64_t now) override;
    std::int64_t count_live(std::int64_t now) override;

private:
    SqliteDatabase& database_;
};

}  // namespace authapi
