#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authenticator.hpp"
#include "user.hpp"

namespace authapi {

// True when `path` needs authentication. Slash tolerant: "/x" and "/x/" match
// the entry "/x/"; an entry ending in '*' matches every path that starts with
// the rest of it. Case-sensitive. (The task's helper; the server's open
// paths are the routes declared open, app/api/api_routes.cpp.)
bool require_auth(std::optional<std::string_view> path,
                  const std::vector<std::string>& excluded_paths);

enum class GateDecision {
    Open,           // authentication is off, or the route is open to everyone
    Authenticated,  // current_user is set
    Unauthorized,   // no credentials at all
    Forbidden,      // credentials that identify nobody
    Throttled,      // the throttle refused the credentials: retry_after_seconds
};

struct GateResult {
    GateDecision decision;
    std::optional<User> current_user;
    std::int64_t retry_after_seconds = 0;  // Throttled only
};

// The gate's first step: the decision, or (Basic credentials not verified
// recently) the password check that decides, its throttle attempt reserved.
struct GateStep {
    std::optional<GateResult> decided;
    std::optional<CredentialAttempt> pending;
};

// The check that runs before routing on every request to a route that is not
// open (the router asks; an open route never meets the gate), in two steps
// as the Authenticator's: begin() never hashes a password; finish() makes
// the check begin() left pending (on a hash thread).
class AuthGate {
public:
    // `authenticator` may be null: authentication off.
    explicit AuthGate(Authenticator* authenticator) : authenticator_(authenticator) {}
    GateStep begin(const RequestCredentials& credentials) const;
    GateResult finish(const RequestCredentials& credentials, CredentialAttempt pending) const;
    // Both steps at once.
    GateResult check(const RequestCredentials& credentials) const;

private:
    Authenticator* authenticator_;
};

}  // namespace authapi
