#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/access_policy.hpp"
#include "api_request.hpp"
#include "api_response.hpp"
#include "auth_gate.hpp"
#include "cors.hpp"
#include "csrf.hpp"
#include "observability/security_monitor.hpp"
#include "user.hpp"

namespace authapi {

struct RouteContext {
    const std::optional<User>& current_user;           // set when the gate authenticated
    const std::string& path_param;                     // the <param> segment, if the route has one
    const std::optional<std::string>& session_cookie;  // value of the SESSION_NAME cookie
    // The route's own password check, its throttle attempt reserved by the
    // route's RouteAdmission (empty when it has none): the handler spends it.
    std::optional<CredentialAttempt>& reserved_check;
};

using RouteHandler = std::function<ApiResponse(const ApiRequest&, const RouteContext&)>;

// Declared where a route is registered: a route that hashes a password is
// answered from the worker pool, never on a reactor thread.
enum class RouteWork { Light, HashesPassword };

// Who may call a route (Access), and whether it exists at all outside the
// session modes (AUTH_TYPE session_auth and its kin): a session-only route is
// 404 {"error": "Not found"} when sessions are off, decided by the router
// after the gate and the access policy, before the route reserves anything.
// An Access converts to it: `Access::Open` or `session_modes_only(Access::Open)`.
struct RouteAccess {
    RouteAccess(Access who) : who(who) {}  // implicit: most routes name only their Access
    Access who;
    bool session_modes_only = false;
};

inline RouteAccess session_modes_only(Access who) {
    RouteAccess access(who);
    access.session_modes_only = true;
    return access;
}

// For a route that checks a password: reserves the throttle's attempt for the
// check this request will make (or says Throttled: answered 429), or nullopt
// when it makes none (a field is missing: it is answered without hashing).
// Runs before the request is queued for a hash thread, so a refused attempt
// never takes a place there. reserved_check is empty in the context it gets.
using RouteAdmission = std::function<std::optional<OrThrottled<CredentialAttempt>>(
    const ApiRequest&, const RouteContext&)>;

// Where a request landed in the route table: found once when it arrives, then
// carried with it (the gate, the access policy, the handler, the metrics).
struct RouteMatch {
    int index = -1;     // into ApiRouter::patterns(); -1: no route has the path
    std::string param;  // the route's <param> segment, if it has one
};

// What was decided about a request before any password hash: the answer
// itself, or what complete() needs to finish it.
struct Admission {
    RouteMatch match;
    std::optional<ApiResponse> answer;
    RequestCredentials credentials;
    std::optional<GateResult> gate;                // the gate's decision, once made
    std::optional<CredentialAttempt> gate_check;   // else the password check that decides it
    std::optional<CredentialAttempt> route_check;  // the route's own check (RouteAdmission)
    bool hashes = false;  // complete() may hash a password: run it on a hash thread
};

// Flask-like dispatch: the auth gate runs before routing (so 401/403 come
// before 404/405) on every path but the open routes' (Access::Open), routes
// are slash tolerant, HEAD follows GET without a body, OPTIONS answers with
// Allow, and a wrong method gets a JSON 405 with Allow. Then the access
// policy: a caller the route's Access does not allow gets 403 before its
// handler runs, and before its RouteAdmission reserves anything or it waits
// for a hash thread.
class ApiRouter {
public:
    // `session_modes`: AUTH_TYPE is a session mode, so session-only routes exist.
    ApiRouter(const AuthGate& gate, std::string session_cookie_name, bool session_modes);

    // `pattern` is a path whose segments are literal or "<name>" (one segment).
    // `access` says who may call it (app/api/access_policy.hpp); a path is
    // open to everyone, past the auth gate, when all its methods are
    // Access::Open.
    void add(const std::string& method, const std::string& pattern, RouteAccess access,
             RouteHandler handler, RouteWork work = RouteWork::Light);
    // A route whose handler checks a password: it hashes only when
    // `admission` reserved an attempt for the request.
    void add(const std::string& method, const std::string& pattern, RouteAccess access,
             RouteHandler handler, RouteAdmission admission);

    // Cookie-authenticated unsafe requests are checked against it first; a
    // refusal is audited through `monitor` (may be null).
    void set_csrf_policy(CsrfPolicy policy, SecurityMonitor* monitor = nullptr) {
        csrf_ = std::move(policy);
        csrf_monitor_ = monitor;
    }
    // Preflights it answers come before everything else; the server adds its
    // headers to every answer on a CORS path.
    void set_cors_policy(CorsPolicy policy) { cors_ = std::move(policy); }
    const CorsPolicy& cors() const { return cors_; }
    // ACCESS_POLICY; Task (everyone may do everything) until set.
    void set_access_policy(AccessPolicy policy) { access_policy_ = policy; }

    // The request's place in the route table, once per request.
    RouteMatch match(std::string_view path) const;
    // The session token the gate will look up for `request`, if any: its
    // session cookie, unless the route is open to everyone or it is a
    // preflight. What a SessionLookupPipeline may look up ahead.
    std::optional<std::string> session_to_look_up(const ApiRequest& request,
                                                  const RouteMatch& match) const;
    // The first step, on the thread the request arrived on: everything that
    // needs no password hash (CSRF, the gate's lookup, 401/403/429 answers,
    // the throttle's reservations). `match` is match(request.path). Throws
    // what the store throws.
    Admission admit(const ApiRequest& request, RouteMatch match) const;
    // The rest: the gate's password check if one is pending, then the route.
    // Where admission.hashes says, on a hash thread.
    ApiResponse complete(const ApiRequest& request, Admission& admission) const;
    // Both, in a row.
    ApiResponse dispatch(const ApiRequest& request) const;

    // The patterns, in the order added; RouteMatch::index indexes them, for
    // per-route metrics with a bounded set of labels.
    std::vector<std::string> patterns() const;

private:
    struct Route {
        std::string pattern;
        std::vector<std::string> segments;  // "<>" marks the parameter
        std::map<std::string, RouteHandler> handlers;
        std::map<std::string, Access> access;  // by method, as the handlers
        std::set<std::string> session_only_methods;
        std::set<std::string> hashing_methods;
        std::map<std::string, RouteAdmission> admissions;
        bool open = true;  // every method is Access::Open: the gate never runs
    };

    RequestCredentials credentials(const ApiRequest& request) const;
    Route& route_for(const std::string& method, const std::string& pattern, RouteAccess access,
                     RouteHandler handler);
    // The route's `method` exists in this mode (session-only ones need sessions).
    bool available(const Route& route, const std::string& method) const {
        return session_modes_ || route.session_only_methods.count(method) == 0;
    }
    // The route's reservation for an authenticated (or open) request, when
    // its method has one and none was made yet; a 429 answer when the
    // throttle refuses it.
    void admit_route(const ApiRequest& request, Admission& admission) const;
    ApiResponse route(const ApiRequest& request, Admission& admission) const;
    const Route* find_route(std::string_view path, std::string_view& param) const;
    const Route* matched(const RouteMatch& match) const {
        return match.index < 0 ? nullptr : &routes_[static_cast<std::size_t>(match.index)];
    }
    // The handler a request's method reaches on `route` (HEAD reaches GET's).
    static const std::string* handled_method(const Route& route, const std::string& method);

    const AuthGate& gate_;
    std::string session_cookie_name_;
    bool session_modes_;
    std::vector<Route> routes_;
    std::optional<CsrfPolicy> csrf_;
    SecurityMonitor* csrf_monitor_ = nullptr;
    CorsPolicy cors_;
    AccessPolicy access_policy_ = AccessPolicy::Task;
};

}  // namespace authapi
