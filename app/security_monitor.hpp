#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "api_request.hpp"
#include "audit_log.hpp"
#include "csrf.hpp"
#include "metrics.hpp"
#include "security_events.hpp"

namespace authapi {

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
    void csrf_refused(const ApiRequest& request, const CsrfRefusal& refusal);
    // A login handed out a Secure cookie over plain http: browsers drop it.
    void secure_cookie_over_http(const ApiRequest& request);

private:
    void session_event(std::string_view event, std::string_view user_id, std::string_view client_ip,
                       std::string_view token_hash);
    void user_event(std::string_view event, std::string_view actor_id, std::string_view user_id,
                    std::string_view client_ip, std::string_view reason);

    AuditLog& audit_;
    Metrics& metrics_;
};

}  // namespace authapi
