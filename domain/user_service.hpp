#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "clock.hpp"
#include "credential_revocation.hpp"
#include "password_hasher.hpp"
#include "secure_random.hpp"
#include "session_repository.hpp"
#include "user.hpp"
#include "user_repository.hpp"

namespace authapi {

// Why the input was refused. The words a client sees are the API's
// (app/api/error_messages.cpp); describe() is for logs and the command line.
enum class InputError { EmailMissing, PasswordMissing, PasswordTooLong, EmailFormat };
const char* describe(InputError error);

// A rule of the API was broken by the input; code() says which.
class InvalidInput : public std::runtime_error {
public:
    explicit InvalidInput(InputError code) : std::runtime_error(describe(code)), code_(code) {}
    InputError code() const { return code_; }

private:
    InputError code_;
};

// The email holds a control character (see EmailAddress): a value of the
// wrong shape, as far as the API is concerned.
class InvalidEmail : public InvalidInput {
public:
    InvalidEmail() : InvalidInput(InputError::EmailFormat) {}
};

struct NewUser {
    std::optional<std::string> email;
    std::optional<std::string> password;
    std::optional<std::string> first_name;
    std::optional<std::string> last_name;
    bool is_admin = false;
};

// Only fields present are changed.
struct NameChange {
    std::optional<std::string> first_name;
    std::optional<std::string> last_name;
};

// What a check of a password found. CredentialChanged: the password matched,
// but it was changed by someone else before what depended on it (the new
// password, the login's session) could be stored.
enum class CredentialCheck { Ok, NoUser, WrongPassword, CredentialChanged };

struct PasswordChangeRequest {
    std::string user_id;
    std::string current;
    std::string replacement;
    // The caller's session (its token hash): it survives the change.
    std::optional<std::string> keep_token_hash;
};

struct PasswordChangeResult {
    CredentialCheck outcome = CredentialCheck::NoUser;
    std::int64_t sessions_ended = 0;  // the user's other sessions
};

struct CredentialResult {
    CredentialCheck outcome;   // never CredentialChanged
    std::optional<User> user;  // set when outcome == Ok
};

class UserService {
public:
    // `revocation` (may be null) hears of every password change and removal.
    // `sessions_outside_users` (may be null): a session store that the user
    // store's own cascade does not reach (the in-memory one); remove() ends
    // the user's sessions there too.
    UserService(UserRepository& users, PasswordHasher& hasher, SecureRandom& random, Clock& clock,
                CredentialRevocation* revocation = nullptr,
                SessionRepository* sessions_outside_users = nullptr);

    // Longer passwords are refused before any hashing, so that the KDF's
    // input size cannot be used to make each request expensive.
    static constexpr std::size_t kMaxPasswordBytes = 1024;

    // Throws InvalidInput (EmailMissing, PasswordMissing, PasswordTooLong),
    // in the reference's order, then InvalidEmail. An email of nothing but
    // whitespace is missing.
    static void validate(const NewUser& input);
    // Throws InvalidInput(PasswordTooLong) above kMaxPasswordBytes.
    static void check_password_length(const std::string& password);
    // validate(), then store the email trimmed. Also throws EmailAlreadyExists
    // when the email's key is taken.
    User create(const NewUser& input);
    std::optional<User> find(const std::string& id);
    void for_each(const std::function<void(const User&)>& visit);
    // One page of users (see UserRepository::for_each_after).
    std::int64_t for_each_after(std::int64_t position, std::size_t limit,
                                const std::function<void(const User&)>& visit);
    std::int64_t count();
    std::optional<User> update_names(const std::string& id, const NameChange& change);
    bool remove(const std::string& id);
    // The user, now with is_admin set; nullopt for an unknown id.
    std::optional<User> set_admin(const std::string& id, bool is_admin);

    // Looks the email up by its key (trimmed, ASCII case ignored; one with a
    // control character finds nobody) and checks the password.
    // A legacy hash that verifies is replaced by Argon2id on the spot. Every
    // check costs one Argon2id verification, whatever is stored (see
    // verify_in_equal_time), so the answer's timing does not say whether the
    // email exists or how its password is stored. Throws
    // InvalidInput(PasswordTooLong) before any hashing.
    CredentialResult check_credentials(const std::string& email, const std::string& password);
    // Checks `current` against the stored hash, then stores `replacement`
    // hashed with the hasher's (Argon2id) parameters, only over the
    // credential `current` was checked against; every other session of the
    // user ends with it, in the same step (UserRepository::replace_password).
    // Throws InvalidInput(PasswordTooLong) before any hashing.
    PasswordChangeResult change_password(const PasswordChangeRequest& request);

private:
    // Every change of a password, and every removal, must call this.
    void credentials_changed(const std::string& user_id);
    const std::string& dummy_hash();
    // One Argon2id verification whatever `stored` is: a legacy SHA-256, an
    // empty or a malformed hash is checked after a verification against the
    // dummy hash, so that it takes as long as a real one.
    bool verify_in_equal_time(const std::string& password, const std::string& stored);

    UserRepository& users_;
    PasswordHasher& hasher_;
    SecureRandom& random_;
    Clock& clock_;
    CredentialRevocation* revocation_;
    SessionRepository* sessions_outside_users_;
    std::once_flag dummy_once_;
    std::string dummy_hash_;
};

}  // namespace authapi
