#pragma once

#include <SQLiteCpp/Statement.h>

#include "user.hpp"
#include "user_session.hpp"

// The one mapping between SQLite rows and the domain's entities: a SELECT
// names an entity's columns with its macro, in this order, and reads them
// back with its function from the first of them on. `alias` is the table's
// alias with its dot ("u.") or "".
#define SQLITE_USER_COLUMNS(alias)                                                         \
    alias "id, " alias "email, " alias "password_hash, " alias "first_name, " alias        \
          "last_name, " alias "created_at, " alias "updated_at, " alias "is_admin, " alias \
          "credential_version "
// A session row's copy of its user (migrations/0009_session_user_copy.sql),
// in SQLITE_USER_COLUMNS's order for read_user: the password hash is not
// copied, and reads as "".
#define SQLITE_SESSION_USER_COPY_COLUMNS(alias)                                        \
    alias "user_id, " alias "user_email, '', " alias "user_first_name, " alias         \
          "user_last_name, " alias "user_created_at, " alias "user_updated_at, " alias \
          "user_is_admin, " alias "user_credential_version "
#define SQLITE_SESSION_COLUMNS(alias)                                                   \
    alias "id, " alias "user_id, " alias "token_hash, " alias "created_at, " alias      \
          "expires_at, " alias "last_seen_at, " alias "ip, " alias "user_agent, " alias \
          "credential_version, " alias "seq "

namespace authapi {

inline constexpr int kSqliteUserColumns = 9;
inline constexpr int kSqliteSessionColumns = 10;

// Copy the row out (the statement's buffers die with its scope). A malformed
// timestamp is a StorageError naming the row; the name is built only then,
// so a good row costs no message.
User read_user(const SQLite::Statement& row, int first = 0);
UserSession read_session(const SQLite::Statement& row, int first = 0);

}  // namespace authapi
