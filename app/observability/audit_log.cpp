#include "audit_log.hpp"

#include <stdexcept>

#include "json_line.hpp"
#include "keyed_hashing.hpp"

namespace authapi {

AuditLog::AuditLog(std::FILE* out, std::string_view secret) : out_(out) {
    if (secret.empty()) {
        random_bytes(key_, sizeof key_);
    } else {
        keyed_digest({}, secret, {}, key_, sizeof key_);
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
    const std::string_view key(reinterpret_cast<const char*>(key_), sizeof key_);
    keyed_digest(key, domain, value, digest, sizeof digest);
    return to_hex(digest, sizeof digest);
}

std::string AuditLog::session_tag(std::string_view token_hash) const {
    return tag("session:", token_hash);
}

std::string AuditLog::account_tag(std::string_view email) const {
    return tag("account:", email);
}

}  // namespace authapi
