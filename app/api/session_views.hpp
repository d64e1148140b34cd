#pragma once

#include "api_request.hpp"
#include "api_response.hpp"
#include "api_router.hpp"
#include "api_services.hpp"

namespace authapi {

// The current user's own sessions and password:
//   GET    /api/v1/users/me/sessions         the live sessions, "current" marked,
//                                            a page at a time (?limit=, ?after=)
//   DELETE /api/v1/users/me/sessions         every session but the current one
//   DELETE /api/v1/users/me/sessions/<id>    one session, by its public id
//   PUT    /api/v1/users/me/password         current_password + new_password
// Synchronous, like every view: a function from request to response.
class SessionViews {
public:
    explicit SessionViews(const ApiServices& services);

    ApiResponse list(const ApiRequest& request, const RouteContext& context);
    ApiResponse revoke(const ApiRequest& request, const RouteContext& context);
    ApiResponse revoke_others(const ApiRequest& request, const RouteContext& context);
    ApiResponse change_password(const ApiRequest& request, const RouteContext& context);
    // Reserves the throttle's attempt for the current-password check before
    // the request waits for a hash thread (see RouteAdmission).
    std::optional<CredentialAttempt> admit_password_change(const ApiRequest& request,
                                                           const RouteContext& context);

private:
    CredentialGuard& credentials_;
    SessionService* sessions_;  // null outside the session modes
    SecurityMonitor& monitor_;
};

using SessionView = ApiResponse (SessionViews::*)(const ApiRequest&, const RouteContext&);

}  // namespace authapi
