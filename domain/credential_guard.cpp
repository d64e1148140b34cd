#include "credential_guard.hpp"

namespace authapi {

void CredentialGuard::admit(CredentialSource source, const std::string& email,
                            const std::string& client_ip) {
    if (!throttle_) return;
    try {
        throttle_->check(email, client_ip);
    } catch (const TooManyAttempts&) {
        if (events_) {
            events_->credentials_refused(source, CredentialFailure::Throttled, email, client_ip);
        }
        throw;
    }
}

CredentialResult CredentialGuard::check(CredentialSource source, const std::string& email,
                                        const std::string& password, const std::string& client_ip) {
    admit(source, email, client_ip);
    CredentialResult result = users_.check_credentials(email, password);
    if (result.outcome == CredentialCheck::Ok) {
        if (throttle_) throttle_->record_success(email);
        return result;
    }
    if (throttle_) throttle_->record_failure(email, client_ip);
    if (events_) {
        events_->credentials_refused(source,
                                     result.outcome == CredentialCheck::NoUser
                                         ? CredentialFailure::NoUser
                                         : CredentialFailure::WrongPassword,
                                     email, client_ip);
    }
    return result;
}

}  // namespace authapi
