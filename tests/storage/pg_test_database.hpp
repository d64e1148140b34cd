#pragma once

#include <memory>
#include <optional>
#include <string>

#include "pg_database.hpp"
#include "pg_session_repository.hpp"
#include "pg_user_repository.hpp"

namespace authapi::test {

// $AUTH_API_TEST_DATABASE_URL: the PostgreSQL server the tests may use
// (scripts/test starts one with scripts/postgres-cluster). Unset: the
// PostgreSQL cases are skipped, except under CI (CI set), where they fail.
std::optional<std::string> test_database_url();

// A fresh schema of that server, migrated, dropped again at the end: each
// test sees an empty database, and tests never see each other's rows.
class PgTestSchema {
public:
    PgTestSchema();  // requires test_database_url()
    ~PgTestSchema();
    PgTestSchema(const PgTestSchema&) = delete;
    PgTestSchema& operator=(const PgTestSchema&) = delete;

    // The server's URL with this schema first on the search path.
    const std::string& url() const { return url_; }
    const std::string& name() const { return name_; }

private:
    std::string name_;
    std::string url_;
};

// PgTestSchema plus both repositories over one PgDatabase.
struct PgStores {
    PgStores();

    PgTestSchema schema;
    PgDatabase database;
    PgUserRepository users;
    PgSessionRepository sessions;
};

// True when the PostgreSQL cases must not run here; says so once. Under CI it
// also fails the current test: a silent skip there would hide a broken setup.
bool skip_postgres();

}  // namespace authapi::test
