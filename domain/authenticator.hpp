#pragma once

#include <optional>
#include <string>

#include "user.hpp"

namespace authapi {

class SessionService;

// What a request offers as proof of identity, already extracted by HTTP code.
struct RequestCredentials {
    std::optional<std::string> authorization;   // Authorization header value
    std::optional<std::string> session_cookie;  // value of the SESSION_NAME cookie
    std::string client_ip = {};                 // the peer's address, for throttling
};

// One AUTH_TYPE. A null Authenticator means authentication is off.
class Authenticator {
public:
    virtual ~Authenticator() = default;
    virtual std::optional<User> current_user(const RequestCredentials& credentials) = 0;
    // True when current_user() may run the (slow) password hash for these
    // credentials, so that the caller can run it off its I/O thread.
    virtual bool needs_password_hash(const RequestCredentials&) { return false; }
    // Login and logout exist only in the session modes.
    virtual SessionService* sessions() { return nullptr; }
};

// AUTH_TYPE=auth: a gate that lets nobody through.
class DenyAllAuthenticator final : public Authenticator {
public:
    std::optional<User> current_user(const RequestCredentials&) override { return std::nullopt; }
};

}  // namespace authapi
