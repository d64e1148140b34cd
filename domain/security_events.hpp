#pragma once

#include <string_view>

#include "user_session.hpp"

namespace authapi {

// Where a password was checked: a login, Basic credentials, or the current
// password a password change asks for.
enum class CredentialSource { LoginForm, BasicAuth, PasswordChange };
enum class CredentialFailure { NoUser, WrongPassword, Throttled };

// Security events the domain sees and the operator must hear about (audit
// log, metrics). Successful logins are reported by the caller, which alone
// knows the session it opened.
class SecurityEvents {
public:
    virtual ~SecurityEvents() = default;
    // `account` is the email as given: it may be anything a client typed.
    virtual void credentials_refused(CredentialSource source, CredentialFailure failure,
                                     std::string_view account, std::string_view client_ip) = 0;
    virtual void session_expired(const UserSession& session) = 0;
};

}  // namespace authapi
