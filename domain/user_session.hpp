#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "user.hpp"

namespace authapi {

// One login. The token itself is never stored: only its SHA-256 (hex), so a
// copy of the database does not hand out live sessions.
struct UserSession {
    std::string id;  // public uuid4, safe to show and to revoke by
    std::string user_id;
    std::string token_hash;
    std::int64_t created_at = 0;             // Unix seconds, UTC
    std::optional<std::int64_t> expires_at;  // absent: never expires
    // The last request recorded for it; written at most once per
    // SessionPolicy::touch_interval(), so it may lag the real last request.
    std::int64_t last_seen_at = 0;
    std::string ip;          // client address at login; empty when unknown
    std::string user_agent;  // User-Agent at login, truncated; empty when absent
    // The user's credential_version its login checked: the session is void
    // once the user's differs (the password changed since).
    std::int64_t credential_version = 1;
    // Its place in insertion order (the `seq` column of either store):
    // the tie-break of listings, and part of their cursor.
    std::int64_t position = 0;
};

// What the hot path needs: the session and its user, found together.
struct SessionAndUser {
    UserSession session;  // ip, user_agent and position are not read on this path
    User user;            // nor is password_hash: a store may leave it empty
};

}  // namespace authapi
