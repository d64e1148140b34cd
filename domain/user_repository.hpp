#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "user.hpp"

namespace authapi {

class EmailAlreadyExists : public std::runtime_error {
public:
    EmailAlreadyExists() : std::runtime_error("email already exists") {}
};

// The store is unavailable or failed (disk, lock, corruption). Carries context
// for the log; never shown to clients.
class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The store cannot hold this text as given (PostgreSQL text has no NUL byte).
// Refused rather than stored shortened.
class UnstorableText : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
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
    // Writes names, password_hash and updated_at. False when the id is unknown.
    virtual bool update(const User& user) = 0;
    // Writes is_admin only. False when the id is unknown.
    virtual bool set_admin(const std::string& id, bool is_admin) = 0;
    // Also ends the user's stored sessions. False when the id is unknown.
    virtual bool remove(const std::string& id) = 0;
};

}  // namespace authapi
