#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "storage_error.hpp"
#include "user.hpp"

namespace authapi {

class EmailAlreadyExists : public std::runtime_error {
public:
    EmailAlreadyExists() : std::runtime_error("email already exists") {}
};

// The store cannot hold this text as given (PostgreSQL text has no NUL byte).
// Refused rather than stored shortened.
class UnstorableText : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// A user's new password, to be stored only over the credential that the
// current password was checked against.
struct PasswordReplacement {
    std::string user_id;
    std::int64_t expected_version = 0;  // the credential_version that was checked
    std::string password_hash;          // the new password's hash
    std::int64_t updated_at = 0;
    // The caller's own session, which survives the change (token hash).
    std::optional<std::string> keep_token_hash;
};

struct PasswordReplaced {
    std::int64_t credential_version = 0;  // the user's new one
    std::int64_t sessions_ended = 0;      // the user's other sessions, now gone
};

class UserRepository {
public:
    virtual ~UserRepository() = default;

    // Throws EmailAlreadyExists when another user has the same email_key().
    virtual void insert(const User& user) = 0;
    virtual std::optional<User> find_by_id(const std::string& id) = 0;
    // The user whose email has the same email_key() as `email`.
    virtual std::optional<User> find_by_email(const std::string& email) = 0;
    // Every user in creation order, one at a time (never all in memory).
    virtual void for_each(const std::function<void(const User&)>& visit) = 0;
    // At most `limit` users, in creation order, from just after `position`
    // (0: the first). Returns the position of the last one visited, to pass
    // back for the next page; each page is its own short read, so a long
    // listing never holds the store open between pages.
    virtual std::int64_t for_each_after(std::int64_t position, std::size_t limit,
                                        const std::function<void(const User&)>& visit) {
        // Positions are ordinals here; a store with an index does better.
        std::int64_t ordinal = 0;
        std::size_t visited = 0;
        std::int64_t last = position;
        for_each([&](const User& user) {
            ++ordinal;
            if (ordinal <= position || visited >= limit) return;
            visit(user);
            ++visited;
            last = ordinal;
        });
        return last;
    }
    virtual std::int64_t count() = 0;
    // Writes names and updated_at (never the password: see replace_password).
    // False when the id is unknown.
    virtual bool update(const User& user) = 0;
    // Stores the new hash if the user's credential_version is still
    // `expected_version`, adds one to it, and ends every stored session of the
    // user but the kept one, which moves to the new version: one transaction,
    // so no lookup and no login sees half of it. nullopt, and nothing written,
    // when the user is gone or its credential changed meanwhile.
    virtual std::optional<PasswordReplaced> replace_password(
        const PasswordReplacement& replacement) = 0;
    // The same password under a stronger hash (a legacy hash upgraded at
    // login): written only while the stored hash is still `old_hash`, and the
    // credential_version stays, so the user's sessions stay valid. False when
    // nothing was written.
    virtual bool upgrade_password_hash(const std::string& id, const std::string& old_hash,
                                       const std::string& new_hash) = 0;
    // Writes is_admin only. False when the id is unknown.
    virtual bool set_admin(const std::string& id, bool is_admin) = 0;
    // Also ends the user's stored sessions. False when the id is unknown.
    virtual bool remove(const std::string& id) = 0;
};

}  // namespace authapi
