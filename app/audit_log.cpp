#include "audit_log.hpp"

#include <sodium.h>

#include <stdexcept>

#include "json_line.hpp"

namespace authapi {

AuditLog::AuditLog(std::FILE* out, std::string_view secret) : out_(out) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    if (secret.empty()) {
        randombytes_buf(key_, sizeof key_);
    } else {
        crypto_generichash(key_, sizeof key_, reinterpret_cast<const unsigned char*>(secret.data()),
                           secret.size(), nullptr, 0);
    }
}

void AuditLog::write(std::string_view event, const AuditFields& fields) const {
    const std::string line = JsonLine()
                                 .add("time", utc_now_iso8601())
                                 .add("audit", event)
                                 .add_if("user_id", fields.user_id)
                                 .add_if("actor_id", fields.actor_id)
                                 .add_if("ip", fields.client_ip)
                                 .add_if("session", fields.session)
                                 .add_if("account", fields.account)
                                 .add_if("reason", fields.reason)
                                 .add_if("request", fields.request)
                                 .add_if("origin", fields.origin)
                                 .add_if("sec_fetch_site", fields.sec_fetch_site)
                                 .add_if("host", fields.host)
                                 .add_if("expected", fields.expected)
                                 .add_if("hint", fields.hint)
                                 .str();
    std::fwrite(line.data(), 1, line.size(), out_);
}

std::string AuditLog::tag(std::string_view domain, std::string_view value) const {
    // 64 bits: plenty to tell a handful of sessions or accounts apart in a log.
    unsigned char digest[8];
    crypto_generichash_state state;
    crypto_generichash_init(&state, key_, sizeof key_, sizeof digest);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(domain.data()),
                              domain.size());
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(value.data()),
                              value.size());
    crypto_generichash_final(&state, digest, sizeof digest);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::string AuditLog::session_tag(std::string_view token_hash) const {
    return tag("session:", token_hash);
}

std::string AuditLog::account_tag(std::string_view email) const {
    return tag("account:", email);
}

}  // namespace authapi
