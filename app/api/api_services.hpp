#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access_policy.hpp"
#include "auth_gate.hpp"
#include "credential_guard.hpp"
#include "observability/metrics.hpp"
#include "observability/security_monitor.hpp"
#include "session_cookie.hpp"
#include "session_service.hpp"
#include "user_service.hpp"

namespace authapi {

// The settings the API's routes read.
struct ApiSettings {
    std::string session_name;                         // SESSION_NAME
    bool auth_strict = false;                         // AUTH_STRICT
    std::optional<std::string> public_origin;         // PUBLIC_ORIGIN, checked already
    std::vector<std::string> allowed_origins;         // ALLOWED_ORIGINS, checked already
    AccessPolicy access_policy = AccessPolicy::Task;  // ACCESS_POLICY
    std::string metrics_token;                        // METRICS_TOKEN
};

// What the API's routes are built from, wired by the composition root
// (ServiceContainer::api_services()).
struct ApiServices {
    const AuthGate& gate;
    UserService& users;
    SessionService* sessions;  // the session modes' sessions; null otherwise
    CredentialGuard& credentials;
    SecurityMonitor& monitor;
    Metrics& metrics;
    SessionCookieSettings session_cookie;
    ApiSettings settings;
};

}  // namespace authapi
