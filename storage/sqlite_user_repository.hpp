#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "sqlite_database.hpp"
#include "user_repository.hpp"

namespace authapi {

// Users in the `users` table (migrations 0001 and 0004). Thread safe: each thread uses
// its own connection of `database`, which must outlive this.
class SqliteUserRepository final : public UserRepository {
public:
    explicit SqliteUserRepository(SqliteDatabase& database) : database_(database) {}

    void insert(const User& user) override;
    std::optional<User> find_by_id(const std::string& id) override;
    std::optional<User> find_by_email(const std::string& email) override;
    void for_each(const std::function<void(const User&)>& visit) override;
    // Positions are the users' seq.
    std::int64_t for_each_after(std::int64_t position, std::size_t limit,
                                const std::function<void(const User&)>& visit) override;
    std::int64_t count() override;
    bool update(const User& user) override;
    std::optional<PasswordReplaced> replace_password(
        const PasswordReplacement& replacement) override;
    bool upgrade_password_hash(const std::string& id, const std::string& old_hash,
                               const std::string& new_hash) override;
    bool set_admin(const std::string& id, bool is_admin) override;
    // The user's sessions go too, through ON DELETE CASCADE.
    bool remove(const std::string& id) override;

private:
    std::optional<User> find_one(const char* sql, const std::string& key, const char* operation);

    SqliteDatabase& database_;
};

}  // namespace authapi
