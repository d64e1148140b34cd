#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "user_session.hpp"

namespace authapi {

class SessionRepository {
public:
    virtual ~SessionRepository() = default;

    virtual void insert(const UserSession& session) = 0;
    virtual std::optional<UserSession> find_by_token_hash(const std::string& token_hash) = 0;
    // False when no such session exists (already logged out, or never did).
    virtual bool remove_by_token_hash(const std::string& token_hash) = 0;
    // Deletes sessions whose expires_at < now; returns how many.
    virtual std::int64_t remove_expired(std::int64_t now) = 0;
    // Sessions with expires_at >= now or none (the metrics' gauge).
    virtual std::int64_t count_live(std::int64_t now) = 0;
};

}  // namespace authapi
