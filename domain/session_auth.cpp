#include "session_auth.hpp"

namespace authapi {

std::optional<User> SessionAuthenticator::current_user(const RequestCredentials& credentials) {
    if (!credentials.session_cookie) return std::nullopt;
    return sessions_.user_for_token(*credentials.session_cookie);
}

}  // namespace authapi
