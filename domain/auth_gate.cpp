#include "auth_gate.hpp"

namespace authapi {

bool require_auth(std::optional<std::string_view> path,
                  const std::vector<std::string>& excluded_paths) {
    if (!path || excluded_paths.empty()) return true;
    std::string slashed(*path);
    if (slashed.empty() || slashed.back() != '/') slashed.push_back('/');
    for (const auto& entry : excluded_paths) {
        if (!entry.empty() && entry.back() == '*') {
            const std::string_view prefix(entry.data(), entry.size() - 1);
            if (std::string_view(slashed).substr(0, prefix.size()) == prefix) return false;
        } else if (entry == slashed) {
            return false;
        }
    }
    return true;
}

const std::vector<std::string>& default_excluded_paths() {
    static const std::vector<std::string> paths = {
        "/api/v1/status/",
        "/api/v1/unauthorized/",
        "/api/v1/forbidden/",
        "/api/v1/auth_session/login/",
    };
    return paths;
}

AuthGate::AuthGate(Authenticator* authenticator, std::vector<std::string> excluded_paths)
    : authenticator_(authenticator), excluded_(std::move(excluded_paths)) {}

GateResult AuthGate::check(std::string_view path, const RequestCredentials& credentials) const {
    if (authenticator_ == nullptr || !require_auth(path, excluded_)) {
        return {GateDecision::Open, std::nullopt};
    }
    // Present-but-empty counts as present, as the reference's `is None` does.
    if (!credentials.authorization && !credentials.session_cookie) {
        return {GateDecision::Unauthorized, std::nullopt};
    }
    auto user = authenticator_->current_user(credentials);
    if (!user) return {GateDecision::Forbidden, std::nullopt};
    return {GateDecision::Authenticated, std::move(user)};
}

}  // namespace authapi
