#pragma once

#include <string>
#include <string_view>

#include "audit_log.hpp"
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

private:
    void session_event(std::string_view event, std::string_view user_id, std::string_view client_ip,
                       std::string_view token_hash);
    void user_event(std::string_view event, std::string_view actor_id, std::string_view user_id,
                    std::string_view client_ip, std::string_view reason);

    AuditLog& audit_;
    Metrics& metrics_;
};

}  // namespace authapi
