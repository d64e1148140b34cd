#include "credential_guard.hpp"

#include "email_address.hpp"

namespace authapi {

// "Bob@x.io" and "bob@x.io " are one account: one budget, one audit tag.

OrThrottled<CredentialAttempt> CredentialGuard::reserve(CredentialSource source,
                                                        const std::string& email,
                                                        const std::string& client_ip) {
    if (!throttle_) return CredentialAttempt(source, email, client_ip, AttemptReservation());
    const std::string account = email_key(email);
    auto reserved = throttle_->reserve(account, client_ip);
    if (const auto* verdict = std::get_if<Throttled>(&reserved)) {
        return throttled(source, account, client_ip, *verdict);
    }
    return CredentialAttempt(source, email, client_ip,
                             std::move(std::get<AttemptReservation>(reserved)));
}

std::optional<Throttled> CredentialGuard::admit(CredentialSource source, const std::string& email,
                                                const std::string& client_ip) {
    if (!throttle_) return std::nullopt;
    const std::string account = email_key(email);
    const auto verdict = throttle_->check(account, client_ip);
    if (!verdict) return std::nullopt;
    return throttled(source, account, client_ip, *verdict);
}

Throttled CredentialGuard::throttled(CredentialSource source, const std::string& account,
                                     const std::string& client_ip, Throttled verdict) {
    if (events_) {
        events_->credentials_refused(source, CredentialFailure::Throttled, account, client_ip);
    }
    return verdict;
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

PasswordChangeResult CredentialGuard::change_password(CredentialAttempt attempt,
                                                      const PasswordChangeRequest& request) {
    PasswordChangeResult result = users_.change_password(request);
    switch (result.outcome) {
        case CredentialCheck::WrongPassword:
            attempt.reservation_.count_as_failure();
            refused(attempt, CredentialFailure::WrongPassword);
            break;
        case CredentialCheck::Ok:
        case CredentialCheck::NoUser:
        case CredentialCheck::CredentialChanged:
            // The current password matched, or there was nobody to check:
            // the attempt is given back with `attempt`.
            break;
    }
    return result;
}

}  // namespace authapi
