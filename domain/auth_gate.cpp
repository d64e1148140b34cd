#include "auth_gate.hpp"

namespace authapi {

namespace {

// `path` with a '/' appended unless it already ends with one, compared
// without building that string: this runs for every request.
bool slashed_equals(std::string_view path, bool has_slash, std::string_view entry) {
    if (has_slash) return entry == path;
    return entry.size() == path.size() + 1 && entry.back() == '/' &&
           entry.substr(0, path.size()) == path;
}

bool slashed_starts_with(std::string_view path, bool has_slash, std::string_view prefix) {
    if (prefix.size() <= path.size()) return path.substr(0, prefix.size()) == prefix;
    return !has_slash && prefix.size() == path.size() + 1 && prefix.back() == '/' &&
           prefix.substr(0, path.size()) == path;
}

}  // namespace

bool require_auth(std::optional<std::string_view> path,
                  const std::vector<std::string>& excluded_paths) {
    if (!path || excluded_paths.empty()) return true;
    const bool has_slash = !path->empty() && path->back() == '/';
    for (const auto& entry : excluded_paths) {
        if (!entry.empty() && entry.back() == '*') {
            const std::string_view prefix(entry.data(), entry.size() - 1);
            if (slashed_starts_with(*path, has_slash, prefix)) return false;
        } else if (slashed_equals(*path, has_slash, entry)) {
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

bool AuthGate::needs_password_hash(std::string_view path,
                                   const RequestCredentials& credentials) const {
    if (authenticator_ == nullptr || !require_auth(path, excluded_)) return false;
    return authenticator_->needs_password_hash(credentials);
}

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
