#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "pg_database.hpp"
#include "user_repository.hpp"

namespace authapi {

// Users in PostgreSQL (migrations/postgresql/0001 and 0004). Behaves as
// SqliteUserRepository does, ordering included; `database` must outlive this.
class PgUserRepository final : public UserRepository {
public:
    explicit PgUserRepository(PgDatabase& database);

    void insert(const User& user) override;
    std::optional<User> find_by_id(const std::string& id) override;
    std::optional<User> find_by_email(const std::string& email) override;
    // Pages through the table in creation order inside one snapshot, so
    // memory stays flat however many users there are.
    void for_each(const std::function<void(const User&)>& visit) override;
    // Keyset paging on the creation sequence: one short query per page.
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
    std::optional<User> find_one(const char* statement, const std::string& key,
                                 const char* operation);

    PgDatabase& database_;
};

}  // namespace authapi
