#pragma once

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

    // Throws EmailAlreadyExists when another user has the same email.
    virtual void insert(const User& user) = 0;
    virtual std::optional<User> find_by_id(const std::string& id) = 0;
    virtual std::optional<User> find_by_email(const std::string& email) = 0;
    // Every user in creation order, one at a time (never all in memory).
    virtual void for_each(const std::function<void(const User&)>& visit) = 0;
    virtual std::int64_t count() = 0;
    // Writes names, password_hash and updated_at. False when the id is unknown.
    virtual bool update(const User& user) = 0;
    // Also ends the user's stored sessions. False when the id is unknown.
    virtual bool remove(const std::string& id) = 0;
};

}  // namespace authapi
