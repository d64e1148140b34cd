#include "session_auth.hpp"

namespace authapi {

Identification SessionAuthenticator::identify(const RequestCredentials& credentials) {
    if (!credentials.session_cookie) return {};
    const SessionLookup* made_ahead =
        credentials.session_lookup ? &*credentials.session_lookup : nullptr;
    return {sessions_.user_for_token(*credentials.session_cookie, made_ahead), std::nullopt,
            std::nullopt};
}

}  // namespace authapi
