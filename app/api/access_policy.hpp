#pragma once

#include <optional>
#include <string_view>

#include "user.hpp"

namespace authapi {

// Who may call what. Every rule of authorization is in this file and its
// .cpp; routes only declare which Access they need where they are registered
// (app/api/api_routes.cpp), and the auth gate's open paths are the routes
// declared Open.

// ACCESS_POLICY.
enum class AccessPolicy {
    // The task's API: whoever the gate lets through may do anything, other
    // users' records included. The default, so that the task's transcripts
    // stay exact.
    Task,
    // Users reach only their own record (GET /users/me, and GET, PUT and
    // DELETE /users/<their own id>); administrators (users.is_admin) reach
    // everything; the rest is 403 {"error": "Forbidden"}.
    Owner,
};

// What a route needs from its caller, declared with the route.
enum class Access {
    // Anyone, without authentication: the auth gate never runs for it
    // (status, health, metrics, login, and the two error routes).
    Open,
    // Reaches only the caller's own sessions or password, never another
    // user's: logout, /users/me/sessions, /users/me/password.
    OwnData,
    // The user named by the route's <user_id>: under Owner, "me" or the
    // caller's own id, or any id for an administrator.
    SelfOrAdmin,
    // The user base as a whole (listing, counting, creating users): under
    // Owner, administrators only.
    Admin,
};

// "task" or "owner"; nullopt for anything else.
std::optional<AccessPolicy> parse_access_policy(std::string_view name);
const char* access_policy_name(AccessPolicy policy);

// True when `caller` (nullopt: not authenticated) may use a route that needs
// `access`; `user_id` is the route's <user_id> segment ("" when it has none).
// A policy only ever refuses: what an allowed request does is the route's.
bool access_allowed(AccessPolicy policy, Access access, const std::optional<User>& caller,
                    std::string_view user_id);

}  // namespace authapi
