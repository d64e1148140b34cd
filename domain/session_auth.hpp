#pragma once

#include "authenticator.hpp"
#include "session_service.hpp"

namespace authapi {

// session_auth, session_exp_auth and session_db_auth: they differ only in the
// store and the duration given to the SessionService.
class SessionAuthenticator final : public Authenticator {
public:
    explicit SessionAuthenticator(SessionService& sessions) : sessions_(sessions) {}
    // Never hashes: the session lookup decides.
    Identification identify(const RequestCredentials& credentials) override;

private:
    SessionService& sessions_;
};

}  // namespace authapi
