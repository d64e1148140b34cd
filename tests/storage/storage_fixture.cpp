#include "storage_fixture.hpp"

namespace authapi::test {

User make_user(const std::string& id, const std::string& email, std::int64_t created_at) {
    User user;
    user.id = id;
    user.email = email;
    user.password_hash = "hash-of-" + id;
    user.first_name = "First " + id;
    user.last_name = std::nullopt;
    user.created_at = created_at;
    user.updated_at = created_at;
    return user;
}

UserSession make_session(const std::string& id, const std::string& user_id,
                         const std::string& token_hash, std::optional<std::int64_t> expires_at,
                         std::int64_t created_at) {
    return UserSession{id, user_id, token_hash, created_at, expires_at, created_at, "", ""};
}

StorageFixture::StorageFixture()
    : database(directory.file("auth.db")), users(database), sessions(database) {
    apply_migrations(database, embedded_migrations());
}

}  // namespace authapi::test
