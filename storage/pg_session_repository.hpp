#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "pg_database.hpp"
#include "session_repository.hpp"

namespace authapi {

// Sessions in PostgreSQL (migrations/postgresql/0002), shared by every
// instance on the same database: a logout on one is seen by all at once.
class PgSessionRepository final : public SessionRepository {
public:
    explicit PgSessionRepository(PgDatabase& database);

    void insert(const UserSession& session) override;
    std::optional<UserSession> find_by_token_hash(const std::string& token_hash) override;
    bool remove_by_token_hash(const std::string& token_hash) override;
    std::int64_t remove_expired(std::int64_t now) override;

private:
    PgDatabase& database_;
};

}  // namespace authapi
