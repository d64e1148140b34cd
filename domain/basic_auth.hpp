#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "authenticator.hpp"
#include "credential_guard.hpp"
#include "user_service.hpp"
#include "verified_credentials_cache.hpp"

namespace authapi {

// The reference's Basic pipeline, one step per function.
// "Basic <b64>" (case-sensitive prefix, one space) -> "<b64>".
std::optional<std::string> extract_base64_authorization_header(
    std::optional<std::string_view> header);
// Strict padded base64 whose bytes are valid UTF-8 -> the text.
std::optional<std::string> decode_base64_authorization_header(std::optional<std::string_view> b64);
// "email:pass:word" -> {"email", "pass:word"} (split at the first colon).
std::optional<std::pair<std::string, std::string>> extract_user_credentials(
    std::optional<std::string_view> decoded);

class BasicAuthenticator final : public Authenticator {
public:
    explicit BasicAuthenticator(UserService& users)
        : own_guard_(std::in_place, users, nullptr, nullptr), guard_(*own_guard_) {}
    // Failed credentials count against the guard's throttle; past its limit
    // identify() says throttled, without hashing.
    explicit BasicAuthenticator(CredentialGuard& guard) : guard_(guard) {}
    // Headers that verified are remembered in `cache`, so that a client
    // repeating them is not hashed each time; `users` reads their user back.
    BasicAuthenticator(CredentialGuard& guard, UserService& users, VerifiedCredentialsCache& cache)
        : guard_(guard), users_(&users), cache_(&cache) {}
    // Decided at once for malformed credentials, and for a header that
    // verified recently as the user's current credential (the cache); else
    // the password check is left pending, its attempt reserved. Throttled
    // when the account or the address is at its limit.
    Identification identify(const RequestCredentials& credentials) override;
    std::optional<User> verify(const RequestCredentials& credentials,
                               CredentialAttempt attempt) override;

private:
    // identify() for well-formed credentials of `email`; throws TooManyAttempts.
    Identification identify_pair(const RequestCredentials& credentials, const std::string& email);

    std::optional<CredentialGuard> own_guard_;  // unthrottled, when none is given
    CredentialGuard& guard_;
    UserService* users_ = nullptr;  // both set, or neither
    VerifiedCredentialsCache* cache_ = nullptr;
};

}  // namespace authapi
