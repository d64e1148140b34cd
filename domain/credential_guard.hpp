#pragma once

#include <string>

#include "login_throttle.hpp"
#include "security_events.hpp"
#include "user_service.hpp"

namespace authapi {

// Every email + password check of the API goes through here: the throttle
// first (no hash runs for a refused attempt), then the check, then the
// throttle's bookkeeping and the failure event. The throttle and the events
// may be null (off). Both know an account by the email's email_key().
class CredentialGuard {
public:
    CredentialGuard(UserService& users, LoginThrottle* throttle, SecurityEvents* events)
        : users_(users), throttle_(throttle), events_(events) {}

    // Only the throttle's verdict: throws TooManyAttempts (no hash runs). For
    // credentials verified earlier, which a locked account must not bypass.
    void admit(CredentialSource source, const std::string& email, const std::string& client_ip);
    // Throws TooManyAttempts, and InvalidInput for a password too long.
    CredentialResult check(CredentialSource source, const std::string& email,
                           const std::string& password, const std::string& client_ip);

private:
    UserService& users_;
    LoginThrottle* throttle_;
    SecurityEvents* events_;
};

}  // namespace authapi
