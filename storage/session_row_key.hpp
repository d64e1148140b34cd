#pragma once

#include <cstdint>
#include <string_view>

namespace authapi {

// Where SQLite keeps a session: the rowid of user_sessions, from its token
// hash alone, so that the hot lookup reads the row without reading an index
// first (migrations/0008_session_lookup_keys.sql). It is the hash's first 16
// hex digits, read as a big-endian 64-bit two's complement integer. A hash
// that does not start with 16 hex digits (none that auth-api writes) gives
// the digits up to the first other character; any value works, since a row
// not found at its key is looked up by token_hash.
std::int64_t session_row_key(std::string_view token_hash);

}  // namespace authapi
