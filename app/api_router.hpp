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
#include "security_monitor.hpp"
#include "user.hpp"

namespace authapi {

struct RouteContext {
    const std::optional<User>& current_user;           // set when the gate authenticated
    const std::string& path_param;                     // the <param> segment, if the route has one
    const std::optional<std::string>& session_cookie;  // value of the SESSION_NAME cookie
};

using RouteHandler = std::function<ApiResponse(const ApiRequest&, const RouteContext&)>;

// Declared where a route is registered: a route that hashes a password is
// answered from the worker pool, never on a reactor thread.
enum class RouteWork { Light, HashesPassword };

// Flask-like dispatch: the auth gate runs before routing (so 401/403 come
// before 404/405), routes are slash tolerant, HEAD follows GET without a body,
// OPTIONS answers with Allow, and a wrong method gets a JSON 405 with Allow.
// Then the access policy: a caller the route's Access does not allow gets 403
// before its handler runs.
class ApiRouter {
public:
    ApiRouter(const AuthGate& gate, std::string session_cookie_name);

    // `pattern` is a path whose segments are literal or "<name>" (one segment).
    // `access` says who may call it (app/api/access_policy.hpp).
    void add(const std::string& method, const std::string& pattern, Access access,
             RouteHandler handler, RouteWork work = RouteWork::Light);

    // True when answering `request` may run the password hash: its route was
    // declared so, or the gate can check its credentials only by hashing.
    bool runs_password_hash(const ApiRequest& request) const;

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

    ApiResponse dispatch(const ApiRequest& request) const;

    // The patterns, in the order added; route_index() indexes them (-1: none
    // matches), for per-route metrics with a bounded set of labels.
    std::vector<std::string> patterns() const;
    int route_index(std::string_view path) const;

private:
    struct Route {
        std::string pattern;
        std::vector<std::string> segments;  // "<>" marks the parameter
        std::map<std::string, RouteHandler> handlers;
        std::map<std::string, Access> access;  // by method, as the handlers
        std::set<std::string> hashing_methods;
    };

    RequestCredentials credentials(const ApiRequest& request) const;
    ApiResponse route(const ApiRequest& request, const std::optional<User>& current_user,
                      const std::optional<std::string>& session_cookie) const;
    const Route* match(std::string_view path, std::string_view& param) const;

    const AuthGate& gate_;
    std::string session_cookie_name_;
    std::vector<Route> routes_;
    std::optional<CsrfPolicy> csrf_;
    SecurityMonitor* csrf_monitor_ = nullptr;
    CorsPolicy cors_;
    AccessPolicy access_policy_ = AccessPolicy::Task;
};

}  // namespace authapi
