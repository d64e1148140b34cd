#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace authapi {

// A registered user. `password_hash` is a PHC string (Argon2id) or, for
// imported data, a legacy lower-case hex SHA-256; it never leaves the service.
struct User {
    std::string id;     // uuid4
    std::string email;  // as typed, trimmed; unique by email_key() (email_address.hpp)
    std::string password_hash;
    std::optional<std::string> first_name;
    std::optional<std::string> last_name;
    std::int64_t created_at = 0;  // Unix seconds, UTC
    std::int64_t updated_at = 0;
    // One more with every password change. A session, and a remembered Basic
    // credential, belong to the version their password was checked against,
    // and are void as soon as it is not the user's any more.
    std::int64_t credential_version = 1;
    // May do everything under ACCESS_POLICY=owner; means nothing under the
    // task's policy. Changed only by the command line.
    bool is_admin = false;
};

}  // namespace authapi
