#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "credential_attempt.hpp"
#include "session_lookup.hpp"
#include "user.hpp"

namespace authapi {

// What a request offers as proof of identity, already extracted by HTTP code.
struct RequestCredentials {
    std::optional<std::string> authorization;   // Authorization header value
    std::optional<std::string> session_cookie;  // value of the SESSION_NAME cookie
    std::string client_ip = {};                 // the peer's address, for throttling
    // The session cookie's lookup, when it was made ahead (SessionLookupPipeline).
    std::optional<SessionLookup> session_lookup = {};
};

// What an Authenticator tells without hashing a password: the user (or
// nobody), or a password check still to run, its throttle attempt reserved,
// or that the throttle refused the credentials (retry after that many seconds).
struct Identification {
    std::optional<User> user;
    std::optional<CredentialAttempt> pending;
    std::optional<std::int64_t> throttled_for;
};

// One AUTH_TYPE. A null Authenticator means authentication is off.
//
// Two steps, so that the slow one can run on a hash thread while the first
// runs where the request arrived: identify() decides everything it can
// without a password hash (and reserves the throttle's attempt for the
// check that remains: refused there, a request never waits for a hash
// thread); verify() makes that check.
class Authenticator {
public:
    virtual ~Authenticator() = default;
    virtual Identification identify(const RequestCredentials& credentials) = 0;
    // The check identify() left pending.
    virtual std::optional<User> verify(const RequestCredentials&, CredentialAttempt) {
        return std::nullopt;
    }
    // Both steps at once (nobody when throttled).
    std::optional<User> current_user(const RequestCredentials& credentials) {
        Identification found = identify(credentials);
        if (!found.pending) return std::move(found.user);
        return verify(credentials, std::move(*found.pending));
    }
};

// AUTH_TYPE=auth: a gate that lets nobody through.
class DenyAllAuthenticator final : public Authenticator {
public:
    Identification identify(const RequestCredentials&) override { return {}; }
};

}  // namespace authapi
