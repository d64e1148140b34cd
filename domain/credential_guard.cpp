#include "credential_guard.hpp"

#include "email_address.hpp"

namespace authapi {

// "Bob@x.io" and "bob@x.io " are one account: one budget, one audit tag.

CredentialAttempt CredentialGuard::reserve(CredentialSource source, const std::string& email,
                                           const std::string& client_ip) {
    if (!throttle_) return CredentialAttempt(source, email, client_ip, AttemptReservation());
    const std::string account = email_key(email);
    try {
        return CredentialAttempt(source, email, client_ip, throttle_->reserve(account, client_ip));
    } catch (const TooManyAttempts&) {
        if (events_) {
            events_->credentials_refused(source, CredentialFailure::Throttled, account, client_ip);
        }
        throw;
    }
}

void CredentialGuard::admit(CredentialSource source, const std::string& email,
                            const std::string& client_ip) {
    if (!throttle_) return;
    const std::string account = email_key(email);
    try {
        throttle_->check(account, client_ip);
    } catch (const TooManyAttempts&) {
        if (events_) {
            events_->credentials_refused(source, CredentialFailure::Throttled, account, client_ip);
        }
        throw;
    }
}

void CredentialGuard::refused(const CredentialAttempt& attempt, CredentialFailure failure) {
    if (events_) {
        events_->credentials_refused(attempt.source_, failure, email_key(attempt.email_),
                                     attempt.client_ip_);
    }
}

CredentialResult CredentialGuard::check(CredentialAttempt attempt, const std::string& password) {
    CredentialResult result = users_.check_credentials(attempt.email_, password);
    if (result.outcome == CredentialCheck::Ok) {
        attempt.reservation_.give_back();
        return result;
    }
    attempt.reservation_.count_as_failure();
    refused(attempt, result.outcome == CredentialCheck::NoUser ? CredentialFailure::NoUser
                                                               : CredentialFailure::WrongPassword);
    return result;
}

CredentialResult CredentialGuard::check(CredentialSource source, const std::string& email,
                                        const std::string& password, const std::string& client_ip) {
    // A password too long is refused before anything is counted.
    UserService::check_password_length(password);
    return check(reserve(source, email, client_ip), password);
}

PasswordChangeResult CredentialGuard::change_password(CredentialAttempt attempt,
                                                      const PasswordChangeRequest& request) {
    PasswordChangeResult result = users_.change_password(request);
    switch (result.outcome) {
        case PasswordChange::WrongPassword:
            attempt.reservation_.count_as_failure();
            refused(attempt, CredentialFailure::WrongPassword);
            break;
        case PasswordChange::Ok:
        case PasswordChange::NoUser:
        case PasswordChange::CredentialChanged:
            // The current password matched, or there was nobody to check:
            // the attempt is given back with `attempt`.
            break;
    }
    return result;
}

}  // namespace authapi
