#pragma once

#include <pqxx/pqxx>

#include "pg_values.hpp"
#include "user.hpp"
#include "user_session.hpp"

// The one mapping between PostgreSQL rows and the domain's entities: a
// SELECT names an entity's columns with its macro, in this order, and reads
// them back with its function from the first of them on. `alias` is the
// table's alias with its dot ("u.") or "". Timestamps come as the text
// pg_values reads (PG_TIMESTAMP_TEXT).
#define PG_TIMESTAMP_TEXT(column) "to_char(" column ", 'YYYY-MM-DD HH24:MI:SS')"
#define PG_USER_COLUMNS(alias)                                                        \
    alias "id, " alias "email, " alias "password_hash, " alias "first_name, " alias   \
          "last_name, " PG_TIMESTAMP_TEXT(alias "created_at") ", " PG_TIMESTAMP_TEXT( \
              alias "updated_at") ", " alias "is_admin, " alias "credential_version "
#define PG_SESSION_COLUMNS(alias)                                                               \
    alias "id, " alias "user_id, " alias                                                        \
          "token_hash, " PG_TIMESTAMP_TEXT(alias "created_at") ", " PG_TIMESTAMP_TEXT(          \
              alias                                                                             \
              "expires_at") ", " PG_TIMESTAMP_TEXT(alias                                        \
                                                   "last_seen_at") ", " alias "ip, " alias      \
                                                                   "user_agent, " alias         \
                                                                   "credential_version, " alias \
                                                                   "seq "

namespace authapi {

inline constexpr int kPgUserColumns = 9;
inline constexpr int kPgSessionColumns = 10;

// A result row's columns as text, whoever received it (libpqxx, or libpq
// itself: PgSessionPipeline).
class PgRowText {
public:
    virtual ~PgRowText() = default;
    // Column `index`; nullopt for NULL.
    virtual PgText column(int index) const = 0;
};

// Throw StorageError naming the row when a value is malformed.
User read_user(const PgRowText& row, int first = 0);
UserSession read_session(const PgRowText& row, int first = 0);
User read_user(const pqxx::row& row, int first = 0);
UserSession read_session(const pqxx::row& row, int first = 0);

}  // namespace authapi
