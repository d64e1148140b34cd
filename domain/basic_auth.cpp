#include "basic_auth.hpp"

#include <sodium.h>

#include <vector>

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
    std::vector<unsigned char> bin(b64->size() / 4 * 3 + 3);
    std::size_t bin_len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(bin.data(), bin.size(), b64->data(), b64->size(), nullptr, &bin_len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != b64->data() + b64->size()) {
        return std::nullopt;
    }
    std::string text(reinterpret_cast<const char*>(bin.data()), bin_len);
    if (!is_valid_utf8(text)) return std::nullopt;
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

std::optional<User> BasicAuthenticator::current_user(const RequestCredentials& credentials) {
    std::optional<std::string_view> header;
    if (credentials.authorization) header = *credentials.authorization;
    const auto b64 = extract_base64_authorization_header(header);
    if (!b64) return std::nullopt;
    const auto decoded = decode_base64_authorization_header(*b64);
    if (!decoded) return std::nullopt;
    const auto pair = extract_user_credentials(*decoded);
    if (!pair) return std::nullopt;
    if (pair->second.size() > UserService::kMaxPasswordBytes) return std::nullopt;
    VerifiedCredentialsCache::Generation generation = 0;
    if (cache_) {
        if (auto user_id = cache_->find(*header)) {
            // A locked account stays locked for credentials verified before.
            guard_.admit(CredentialSource::BasicAuth, pair->first, credentials.client_ip);
            // The user is read again: a deleted one is gone, a renamed one is current.
            if (auto user = users_->find(*user_id)) return user;
        }
        generation = cache_->generation();
    }
    auto result =
        guard_.check(CredentialSource::BasicAuth, pair->first, pair->second, credentials.client_ip);
    if (result.outcome != CredentialCheck::Ok) return std::nullopt;
    if (cache_) cache_->remember(*header, result.user->id, generation);
    return std::move(result.user);
}

bool BasicAuthenticator::needs_password_hash(const RequestCredentials& credentials) {
    if (!credentials.authorization) return false;
    return !(cache_ && cache_->find(*credentials.authorization));
}

}  // namespace authapi
