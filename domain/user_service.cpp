#include "user_service.hpp"

#include "email_address.hpp"

namespace authapi {

namespace {

// The default Argon2id parameters (m = 19 MiB, t = 2) over a throwaway
// password: verifying against it costs what verifying a real user's hash costs.
constexpr const char* kDefaultDummyHash =
    "$argon2id$v=19$m=19456,t=2,p=1$Hd8OehmP7YsLkFsCatOkQg$"
    "kxw195xyVv7ypE77RxlCBfuRhn5PoPvoYmdJkBIaQL0";

}  // namespace

const char* describe(InputError error) {
    // In InputError's order.
    static constexpr const char* kDescriptions[] = {"email missing", "password missing",
                                                    "password too long", "Wrong format"};
    return kDescriptions[static_cast<int>(error)];
}

UserService::UserService(UserRepository& users, PasswordHasher& hasher, SecureRandom& random,
                         Clock& clock, CredentialRevocation* revocation,
                         SessionRepository* sessions_outside_users)
    : users_(users),
      hasher_(hasher),
      random_(random),
      clock_(clock),
      revocation_(revocation),
      sessions_outside_users_(sessions_outside_users) {}

void UserService::credentials_changed(const std::string& user_id) {
    if (revocation_) revocation_->revoke_user(user_id);
}

void UserService::validate(const NewUser& input) {
    if (!input.email || email_key(*input.email).empty())
        throw InvalidInput(InputError::EmailMissing);
    if (!input.password || input.password->empty()) throw InvalidInput(InputError::PasswordMissing);
    check_password_length(*input.password);
    if (!EmailAddress::parse(*input.email)) throw InvalidEmail();
}

void UserService::check_password_length(const std::string& password) {
    if (password.size() > kMaxPasswordBytes) throw InvalidInput(InputError::PasswordTooLong);
}

const std::string& UserService::dummy_hash() {
    // Hashers with other parameters get a dummy of their own, made once.
    std::call_once(dummy_once_, [this] {
        dummy_hash_ = hasher_.needs_rehash(kDefaultDummyHash) ? hasher_.hash("no such user")
                                                              : kDefaultDummyHash;
    });
    return dummy_hash_;
}

User UserService::create(const NewUser& input) {
    validate(input);

    User user;
    user.id = random_.uuid4();
    user.email = EmailAddress::parse(*input.email)->text();
    user.password_hash = hasher_.hash(*input.password);
    user.first_name = input.first_name;
    user.last_name = input.last_name;
    user.is_admin = input.is_admin;
    user.created_at = user.updated_at = clock_.now();
    users_.insert(user);
    return user;
}

std::optional<User> UserService::find(const std::string& id) {
    return users_.find_by_id(id);
}

void UserService::for_each(const std::function<void(const User&)>& visit) {
    users_.for_each(visit);
}

std::int64_t UserService::for_each_after(std::int64_t position, std::size_t limit,
                                         const std::function<void(const User&)>& visit) {
    return users_.for_each_after(position, limit, visit);
}

std::int64_t UserService::count() {
    return users_.count();
}

std::optional<User> UserService::update_names(const std::string& id, const NameChange& change) {
    auto user = users_.find_by_id(id);
    if (!user) return std::nullopt;
    if (change.first_name) user->first_name = change.first_name;
    if (change.last_name) user->last_name = change.last_name;
    user->updated_at = clock_.now();
    if (!users_.update(*user)) return std::nullopt;  // deleted meanwhile
    return user;
}

std::optional<User> UserService::set_admin(const std::string& id, bool is_admin) {
    if (!users_.set_admin(id, is_admin)) return std::nullopt;
    return users_.find_by_id(id);
}

bool UserService::remove(const std::string& id) {
    const bool removed = users_.remove(id);
    credentials_changed(id);
    if (!removed) return false;
    if (sessions_outside_users_) sessions_outside_users_->remove_all_of_user(id, std::nullopt);
    return true;
}

bool UserService::verify_in_equal_time(const std::string& password, const std::string& stored) {
    if (hasher_.runs_key_derivation(stored)) return hasher_.verify(password, stored);
    (void)hasher_.verify(password, dummy_hash());
    return !stored.empty() && hasher_.verify(password, stored);
}

PasswordChangeResult UserService::change_password(const PasswordChangeRequest& request) {
    check_password_length(request.current);
    check_password_length(request.replacement);
    PasswordChangeResult result;
    const auto user = users_.find_by_id(request.user_id);
    if (!user) {
        (void)hasher_.verify(request.current, dummy_hash());
        return result;
    }
    if (!verify_in_equal_time(request.current, user->password_hash)) {
        result.outcome = CredentialCheck::WrongPassword;
        return result;
    }
    PasswordReplacement replacement;
    replacement.user_id = user->id;
    replacement.expected_version = user->credential_version;
    replacement.password_hash = hasher_.hash(request.replacement);
    replacement.updated_at = clock_.now();
    replacement.keep_token_hash = request.keep_token_hash;
    const auto done = sessions_outside_users_
                          ? sessions_outside_users_->replace_password(users_, replacement)
                          : users_.replace_password(replacement);
    if (!done) {
        // Deleted, or another change won since the check.
        result.outcome = users_.find_by_id(request.user_id) ? CredentialCheck::CredentialChanged
                                                            : CredentialCheck::NoUser;
        return result;
    }
    credentials_changed(request.user_id);
    result.outcome = CredentialCheck::Ok;
    result.sessions_ended = done->sessions_ended;
    return result;
}

CredentialResult UserService::check_credentials(const std::string& email,
                                                const std::string& password) {
    check_password_length(password);
    // An address no one could have registered finds nobody, at the same cost.
    std::optional<User> user;
    if (const auto address = EmailAddress::parse(email))
        user = users_.find_by_email(address->text());
    if (!user) {
        (void)hasher_.verify(password, dummy_hash());
        return {CredentialCheck::NoUser, std::nullopt};
    }
    if (!verify_in_equal_time(password, user->password_hash)) {
        return {CredentialCheck::WrongPassword, std::nullopt};
    }
    if (hasher_.needs_rehash(user->password_hash)) {
        // An upgrade the user never sees: the credential version and
        // updated_at stay as they were, and it is written only over the hash
        // just checked. If the write fails the login still stands and the
        // next one retries.
        std::string upgraded = hasher_.hash(password);
        try {
            if (users_.upgrade_password_hash(user->id, user->password_hash, upgraded)) {
                user->password_hash = std::move(upgraded);
            }
        } catch (const StorageError&) {
        }
    }
    return {CredentialCheck::Ok, std::move(user)};
}

}  // namespace authapi
