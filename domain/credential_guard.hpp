#pragma once

#include <optional>
#include <string>

#include "credential_attempt.hpp"
#include "login_throttle.hpp"
#include "security_events.hpp"
#include "user_service.hpp"

namespace authapi {

// Every password check of the API goes through here: the throttle's
// reservation first (no hash runs for a refused attempt), then the check,
// then the throttle's bookkeeping (a failure stays counted, a success gives
// back its own attempt) and the failure event. The throttle and the events
// may be null (off). Both know an account by the email's email_key().
class CredentialGuard {
public:
    CredentialGuard(UserService& users, LoginThrottle* throttle, SecurityEvents* events)
        : users_(users), throttle_(throttle), events_(events) {}

    // Reserves the attempt of one check of `email`'s password; throws
    // TooManyAttempts (audited) when the account or the IP is at its limit.
    CredentialAttempt reserve(CredentialSource source, const std::string& email,
                              const std::string& client_ip);
    // Only the throttle's verdict, nothing reserved: throws TooManyAttempts
    // (no hash runs). For credentials verified earlier, which a locked
    // account must not bypass.
    void admit(CredentialSource source, const std::string& email, const std::string& client_ip);

    // The check `attempt` was reserved for. Throws InvalidInput for a
    // password too long (the attempt is given back: nothing was checked).
    CredentialResult check(CredentialAttempt attempt, const std::string& password);
    // reserve(), then check().
    CredentialResult check(CredentialSource source, const std::string& email,
                           const std::string& password, const std::string& client_ip);
    // The current-password check of a password change, under the attempt
    // reserved for the user's email (see UserService::change_password).
    PasswordChangeResult change_password(CredentialAttempt attempt,
                                         const PasswordChangeRequest& request);

private:
    void refused(const CredentialAttempt& attempt, CredentialFailure failure);

    UserService& users_;
    LoginThrottle* throttle_;
    SecurityEvents* events_;
};

}  // namespace authapi
