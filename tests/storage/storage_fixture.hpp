#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "migration_runner.hpp"
#include "sqlite_database.hpp"
#include "sqlite_session_repository.hpp"
#include "sqlite_user_repository.hpp"
#include "temp_directory.hpp"
#include "user.hpp"
#include "user_session.hpp"

namespace authapi::test {

constexpr std::int64_t kNow = 1700000000;  // 2023-11-14 22:13:20 UTC

User make_user(const std::string& id, const std::string& email, std::int64_t created_at = kNow);
UserSession make_session(const std::string& id, const std::string& user_id,
                         const std::string& token_hash,
                         std::optional<std::int64_t> expires_at = std::nullopt,
                         std::int64_t created_at = kNow);

// A migrated database file in a fresh directory, with both repositories.
struct StorageFixture {
    StorageFixture();

    std::string path() const { return directory.file("auth.db"); }

    TempDirectory directory;
    SqliteDatabase database;
    SqliteUserRepository users;
    SqliteSessionRepository sessions;
};

}  // namespace authapi::test
