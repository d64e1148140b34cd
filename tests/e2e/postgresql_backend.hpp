#pragma once

#include <optional>
#include <string>

namespace authapi::e2e {

// With AUTH_API_E2E_BACKEND=postgresql, every server and CLI run of the suite
// gets a DATABASE_URL on the server in $AUTH_API_TEST_DATABASE_URL instead of
// a SQLite file; this returns that URL (nullopt: SQLite, the default).
std::optional<std::string> postgresql_backend_url();

// `base_url` with a schema of its own first on the search path, created if
// needed; the same `key` (a DB_PATH) gives the same schema.
std::string postgresql_schema_url(const std::string& base_url, const std::string& key);

}  // namespace authapi::e2e
