#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "audit_log.hpp"
#include "metrics.hpp"
#include "security_events.hpp"

namespace authapi {

// What the audit records of a refused request (each value cut short there);
// empty for a header the request did not carry.
struct RequestTrace {
    std::string_view method;
    std::string_view path;
    std::string_view client_ip;
    std::string_view origin;
    std::string_view sec_fetch_site;
    std::string_view host;
};

// Where security events go: one audit line each, and the matching counter.
// Tokens are turned into session tags here, so no caller writes one.
class SecurityMonitor final : public SecurityEvents {
public:
    SecurityMonitor(AuditLog& audit, Metrics& metrics) : audit_(audit), metrics_(metrics) {}

    void credentials_refused(CredentialSource source, CredentialFailure failure,
                             std::string_view account, std::string_view client_ip) override;
    void session_expired(const UserSession& session) override;

    void login_succeeded(const std::string& user_id, std::string_view client_ip,
                         const std::string& token);
    void logged_out(const std::string& user_id, std::string_view client_ip,
                    const std::string& token);
    void user_created(const std::string& actor_id, const std::string& user_id,
                      std::string_view client_ip);
    void user_deleted(const std::string& actor_id, const std::string& user_id,
                      std::string_view client_ip);
    // The user's own password change; `revoked` other sessions ended with it.
    void password_changed(const std::string& user_id, std::string_view client_ip,
                          std::int64_t revoked);
    // The user ended `revoked` of their own sessions (by id, or all others).
    void sessions_revoked(const std::string& user_id, std::string_view client_ip,
                          std::int64_t revoked);

    // A cookie-carrying write or a login refused as cross-site.
    // `check` names the header that refused it, `expected` the API's own
    // origin as compared (if known).
    void csrf_refused(const RequestTrace& request, std::string_view check,
                      std::string_view expected, std::string_view hint);
    // A login handed out a Secure cookie over plain http: browsers drop it.
    void secure_cookie_over_http(const RequestTrace& request);

private:
    void session_event(std::string_view event, std::string_view user_id, std::string_view client_ip,
                       std::string_view token_hash);
    void user_event(std::string_view event, std::string_view actor_id, std::string_view user_id,
                    std::string_view client_ip, std::string_view reason);

    AuditLog& audit_;
    Metrics& metrics_;
};

}  // namespace authapi
