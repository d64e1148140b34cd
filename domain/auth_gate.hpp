#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authenticator.hpp"
#include "user.hpp"

namespace authapi {

// True when `path` needs authentication. Slash tolerant: "/x" and "/x/" match
// the entry "/x/"; an entry ending in '*' matches every path that starts with
// the rest of it. Case-sensitive.
bool require_auth(std::optional<std::string_view> path,
                  const std::vector<std::string>& excluded_paths);

// The paths that never need authentication.
const std::vector<std::string>& default_excluded_paths();

enum class GateDecision {
    Open,           // authentication is off or the path is excluded
    Authenticated,  // current_user is set
    Unauthorized,   // no credentials at all
    Forbidden,      // credentials that identify nobody
};

struct GateResult {
    GateDecision decision;
    std::optional<User> current_user;
};

// The gate's first step: the decision, or (Basic credentials not verified
// recently) the password check that decides, its throttle attempt reserved.
struct GateStep {
    std::optional<GateResult> decided;
    std::optional<CredentialAttempt> pending;
};

// The check that runs before routing on every request, in two steps as the
// Authenticator's: begin() never hashes a password; finish() makes the check
// begin() left pending (on a hash thread).
class AuthGate {
public:
    // `authenticator` may be null: authentication off.
    AuthGate(Authenticator* authenticator, std::vector<std::string> excluded_paths);
    // Throws TooManyAttempts.
    GateStep begin(std::string_view path, const RequestCredentials& credentials) const;
    GateResult finish(const RequestCredentials& credentials, CredentialAttempt pending) const;
    // Both steps at once.
    GateResult check(std::string_view path, const RequestCredentials& credentials) const;
    Authenticator* authenticator() const { return authenticator_; }

private:
    Authenticator* authenticator_;
    std::vector<std::string> excluded_;
};

}  // namespace authapi
