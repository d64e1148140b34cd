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

GateStep AuthGate::begin(const RequestCredentials& credentials) const {
    if (authenticator_ == nullptr)
        return {GateResult{GateDecision::Open, std::nullopt}, std::nullopt};
    // Present-but-empty counts as present, as the reference's `is None` does.
    if (!credentials.authorization && !credentials.session_cookie) {
        return {GateResult{GateDecision::Unauthorized, std::nullopt}, std::nullopt};
    }
    Identification found = authenticator_->identify(credentials);
    if (found.throttled_for) {
        return {GateResult{GateDecision::Throttled, std::nullopt, *found.throttled_for},
                std::nullopt};
    }
    if (found.pending) return {std::nullopt, std::move(found.pending)};
    if (!found.user) return {GateResult{GateDecision::Forbidden, std::nullopt}, std::nullopt};
    return {GateResult{GateDecision::Authenticated, std::move(found.user)}, std::nullopt};
}

GateResult AuthGate::finish(const RequestCredentials& credentials,
                            CredentialAttempt pending) const {
    auto user = authenticator_->verify(credentials, std::move(pending));
    if (!user) return {GateDecision::Forbidden, std::nullopt};
    return {GateDecision::Authenticated, std::move(user)};
}

GateResult AuthGate::check(const RequestCredentials& credentials) const {
    GateStep step = begin(credentials);
    if (step.pending) return finish(credentials, std::move(*step.pending));
    return std::move(*step.decided);
}

}  // namespace authapi
