#include "session_auth.hpp"

namespace authapi {

Identification SessionAuthenticator::identify(const RequestCredentials& credentials) {
    if (!credentials.session_cookie) return {};
    return {sessions_.user_for_token(*credentials.session_cookie), std::nullopt, std::nullopt};
}

}  // namespace authapi
