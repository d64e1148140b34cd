#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace authapi {

// One login. The token itself is never stored: only its SHA-256 (hex), so a
// copy of the database does not hand out live sessions.
struct UserSession {
    std::string id;  // public uuid4, safe to show and to revoke by
    std::string user_id;
    std::string token_hash;
    std::int64_t created_at = 0;             // Unix seconds, UTC
    std::optional<std::int64_t> expires_at;  // absent: never expires
};

}  // namespace authapi
