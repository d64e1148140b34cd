#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "user.hpp"
#include "user_session.hpp"

namespace authapi {

// The reference's storage files (.db_User.json, .db_UserSession.json), read
// and checked, ready to become rows.
struct ReferenceData {
    std::vector<User> users;
    std::vector<UserSession> sessions;
    // One line per bad row or file: "<file>: <key>: <what is wrong>".
    std::vector<std::string> errors;
};

struct ImportClock {
    std::int64_t now = 0;
    std::int64_t session_duration = 0;  // > 0: an imported session expires created_at + this
};

// Parses the files' text. A user's `_password` (the reference's unsalted
// SHA-256 hex) becomes its password_hash as is; a session's `session_id`
// (the cookie value) is stored only as its hash. Rows are checked on their
// own and against each other (duplicate ids, emails, session ids; sessions of
// users not in the file are left for the caller to check against the
// database).
ReferenceData parse_reference_files(const std::string& users_name, const std::string& users_text,
                                    const std::optional<std::string>& sessions_name,
                                    const std::optional<std::string>& sessions_text,
                                    const ImportClock& clock);

}  // namespace authapi
