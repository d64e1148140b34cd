#include "credential_guard.hpp"

#include "email_address.hpp"

namespace authapi {

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

CredentialResult CredentialGuard::check(CredentialSource source, const std::string& email,
                                        const std::string& password, const std::string& client_ip) {
    admit(source, email, client_ip);
    CredentialResult result = users_.check_credentials(email, password);
    // "Bob@x.io" and "bob@x.io " are one account: one budget, one audit tag.
    const std::string account = email_key(email);
    if (result.outcome == CredentialCheck::Ok) {
        if (throttle_) throttle_->record_success(account);
        return result;
    }
    if (throttle_) throttle_->record_failure(account, client_ip);
    if (events_) {
        events_->credentials_refused(source,
                                     result.outcome == CredentialCheck::NoUser
                                         ? CredentialFailure::NoUser
                                         : CredentialFailure::WrongPassword,
                                     account, client_ip);
    }
    return result;
}

}  // namespace authapi
