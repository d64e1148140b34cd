#include "basic_auth.hpp"

#include "keyed_hashing.hpp"
#include "utf8.hpp"

namespace authapi {

std::optional<std::string> extract_base64_authorization_header(
    std::optional<std::string_view> header) {
    constexpr std::string_view prefix = "Basic ";
    if (!header || header->substr(0, prefix.size()) != prefix) return std::nullopt;
    return std::string(header->substr(prefix.size()));
}

std::optional<std::string> decode_base64_authorization_header(std::optional<std::string_view> b64) {
    if (!b64) return std::nullopt;
    std::optional<std::string> text = decode_base64(*b64);
    if (!text || !is_valid_utf8(*text)) return std::nullopt;
    return text;
}

std::optional<std::pair<std::string, std::string>> extract_user_credentials(
    std::optional<std::string_view> decoded) {
    if (!decoded) return std::nullopt;
    const auto colon = decoded->find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    return std::make_pair(std::string(decoded->substr(0, colon)),
                          std::string(decoded->substr(colon + 1)));
}

namespace {

// The reference's pipeline, from header to (email, password).
std::optional<std::pair<std::string, std::string>> basic_credentials(
    const RequestCredentials& credentials) {
    std::optional<std::string_view> header;
    if (credentials.authorization) header = *credentials.authorization;
    const auto b64 = extract_base64_authorization_header(header);
    if (!b64) return std::nullopt;
    const auto decoded = decode_base64_authorization_header(*b64);
    if (!decoded) return std::nullopt;
    return extract_user_credentials(*decoded);
}

}  // namespace

Identification BasicAuthenticator::identify(const RequestCredentials& credentials) {
    const auto pair = basic_credentials(credentials);
    if (!pair) return {};
    if (pair->second.size() > UserService::kMaxPasswordBytes) return {};
    try {
        return identify_pair(credentials, pair->first);
    } catch (const TooManyAttempts& e) {
        return {std::nullopt, std::nullopt, e.retry_after_seconds()};
    }
}

Identification BasicAuthenticator::identify_pair(const RequestCredentials& credentials,
                                                 const std::string& email) {
    if (cache_) {
        const std::string& header = *credentials.authorization;
        if (auto verified = cache_->find(header)) {
            // A locked account stays locked for credentials verified before.
            guard_.admit(CredentialSource::BasicAuth, email, credentials.client_ip);
            // The user is read again: a deleted one is gone, a renamed one is
            // current, and a changed password (on any instance) voids the entry.
            auto user = users_->find(verified->user_id);
            if (user && user->credential_version == verified->credential_version) {
                return {std::move(user), std::nullopt, std::nullopt};
            }
            cache_->forget(header);
        }
    }
    return {std::nullopt, guard_.reserve(CredentialSource::BasicAuth, email, credentials.client_ip),
            std::nullopt};
}

std::optional<User> BasicAuthenticator::verify(const RequestCredentials& credentials,
                                               CredentialAttempt attempt) {
    const auto pair = basic_credentials(credentials);
    if (!pair) return std::nullopt;
    const auto generation = cache_ ? cache_->generation() : 0;
    auto result = guard_.check(std::move(attempt), pair->second);
    if (result.outcome != CredentialCheck::Ok) return std::nullopt;
    if (cache_) {
        cache_->remember(*credentials.authorization, result.user->id,
                         result.user->credential_version, generation);
    }
    return std::move(result.user);
}

}  // namespace authapi
