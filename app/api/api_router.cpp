#include "api_router.hpp"

#include <set>

#include "api/error_messages.hpp"
#include "http/cookie_header.hpp"
#include "login_throttle.hpp"

namespace authapi {

namespace {

// Slash tolerant: "/x/" is "/x". Only one trailing slash is forgiven.
std::string_view trim_trailing_slash(std::string_view path) {
    if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    return path;
}

std::vector<std::string> split_pattern(std::string_view path) {
    path = trim_trailing_slash(path);
    std::vector<std::string> segments;
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
        segments.emplace_back(path.substr(start, end - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return segments;
}

// Walks the path's segments against a route's, without copying any: this
// runs for every request.
bool segments_match(const std::vector<std::string>& pattern, std::string_view path,
                    std::string_view& param, bool& literal) {
    literal = true;
    std::size_t start = 1;
    for (const auto& expected : pattern) {
        if (start > path.size()) return false;
        const std::size_t slash = path.find('/', start);
        const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
        const std::string_view segment = path.substr(start, end - start);
        if (expected == "<>") {
            if (segment.empty()) return false;
            literal = false;
            param = segment;
        } else if (expected != segment) {
            return false;
        }
        start = end + 1;
    }
    return start == path.size() + 1;
}

std::string allow_header(const std::map<std::string, RouteHandler>& handlers) {
    std::set<std::string> methods{"OPTIONS"};
    for (const auto& entry : handlers) methods.insert(entry.first);
    if (methods.count("GET")) methods.insert("HEAD");
    std::string allow;
    for (const auto& method : methods) {
        if (!allow.empty()) allow += ", ";
        allow += method;
    }
    return allow;
}

}  // namespace

ApiRouter::ApiRouter(const AuthGate& gate, std::string session_cookie_name, bool session_modes)
    : gate_(gate),
      session_cookie_name_(std::move(session_cookie_name)),
      session_modes_(session_modes) {}

ApiRouter::Route& ApiRouter::route_for(const std::string& method, const std::string& pattern,
                                       RouteAccess access, RouteHandler handler) {
    std::vector<std::string> segments = split_pattern(pattern);
    for (auto& segment : segments) {
        if (segment.size() > 2 && segment.front() == '<' && segment.back() == '>') segment = "<>";
    }
    Route* target = nullptr;
    for (auto& route : routes_) {
        if (route.segments == segments) target = &route;
    }
    if (target == nullptr) {
        routes_.emplace_back();
        target = &routes_.back();
        target->pattern = pattern;
        target->segments = std::move(segments);
    }
    target->handlers[method] = std::move(handler);
    target->access[method] = access.who;
    if (access.session_modes_only) target->session_only_methods.insert(method);
    target->open = target->open && access.who == Access::Open;
    return *target;
}

void ApiRouter::add(const std::string& method, const std::string& pattern, RouteAccess access,
                    RouteHandler handler, RouteWork work) {
    Route& target = route_for(method, pattern, access, std::move(handler));
    if (work == RouteWork::HashesPassword) target.hashing_methods.insert(method);
}

void ApiRouter::add(const std::string& method, const std::string& pattern, RouteAccess access,
                    RouteHandler handler, RouteAdmission admission) {
    Route& target = route_for(method, pattern, access, std::move(handler));
    target.admissions[method] = std::move(admission);
}

const ApiRouter::Route* ApiRouter::find_route(std::string_view path,
                                              std::string_view& param) const {
    path = trim_trailing_slash(path);
    if (path.empty() || path.front() != '/') return nullptr;
    // Literal routes win over parametric ones (/users/me is not /users/<id>
    // only by accident of order).
    const Route* best = nullptr;
    for (const auto& route : routes_) {
        std::string_view candidate;
        bool literal = true;
        if (!segments_match(route.segments, path, candidate, literal)) continue;
        if (literal) {
            param = {};
            return &route;
        }
        if (best == nullptr) {
            best = &route;
            param = candidate;
        }
    }
    return best;
}

std::vector<std::string> ApiRouter::patterns() const {
    std::vector<std::string> patterns;
    for (const auto& route : routes_) patterns.push_back(route.pattern);
    return patterns;
}

RouteMatch ApiRouter::match(std::string_view path) const {
    std::string_view param;
    const Route* route = find_route(path, param);
    if (route == nullptr) return {};
    return {static_cast<int>(route - routes_.data()), std::string(param)};
}

RequestCredentials ApiRouter::credentials(const ApiRequest& request) const {
    RequestCredentials credentials;
    credentials.authorization = request.authorization;
    if (request.cookie) {
        credentials.session_cookie = find_cookie(*request.cookie, session_cookie_name_);
    }
    credentials.client_ip = request.client_ip;
    credentials.session_lookup = request.session_lookup;
    return credentials;
}

std::optional<std::string> ApiRouter::session_to_look_up(const ApiRequest& request,
                                                         const RouteMatch& match) const {
    if (!request.cookie || request.method == "OPTIONS") return std::nullopt;
    const Route* route = matched(match);
    if (route != nullptr && route->open) return std::nullopt;
    return find_cookie(*request.cookie, session_cookie_name_);
}

const std::string* ApiRouter::handled_method(const Route& route, const std::string& method) {
    const auto handler = route.handlers.find(method);
    if (handler != route.handlers.end()) return &handler->first;
    if (method == "HEAD") {
        const auto get = route.handlers.find("GET");
        if (get != route.handlers.end()) return &get->first;
    }
    return nullptr;
}

Admission ApiRouter::admit(const ApiRequest& request, RouteMatch match) const {
    Admission admission;
    admission.match = std::move(match);
    // A preflight carries no credentials: it must not meet the gate.
    if (auto preflight = cors_.preflight(request)) {
        admission.answer = std::move(*preflight);
        return admission;
    }
    admission.credentials = credentials(request);
    const RequestCredentials& credentials = admission.credentials;
    if (csrf_) {
        if (auto refusal = csrf_->check(request, credentials.session_cookie.has_value())) {
            if (csrf_monitor_) {
                csrf_monitor_->csrf_refused(request.trace(), refusal->check, refusal->expected,
                                            refusal->hint);
            }
            admission.answer = error_response(ApiError::Forbidden);
            return admission;
        }
    }
    const Route* route = matched(admission.match);
    if (route != nullptr && route->open) {
        admission.gate = GateResult{GateDecision::Open, std::nullopt};
        admit_route(request, admission);
        return admission;
    }
    GateStep step = gate_.begin(credentials);
    if (step.pending) {
        // Basic credentials not verified recently: the hash decides, and
        // the route waits for it (403 comes before 404, as always).
        admission.gate_check = std::move(step.pending);
        admission.hashes = true;
        return admission;
    }
    admission.gate = std::move(step.decided);
    if (admission.gate->decision == GateDecision::Throttled) {
        admission.answer = too_many_attempts_response(admission.gate->retry_after_seconds);
        return admission;
    }
    admit_route(request, admission);
    return admission;
}

void ApiRouter::admit_route(const ApiRequest& request, Admission& admission) const {
    const GateDecision decision = admission.gate->decision;
    if (decision != GateDecision::Open && decision != GateDecision::Authenticated) return;
    const Route* route = matched(admission.match);
    if (route == nullptr) return;
    const std::string* method = handled_method(*route, request.method);
    if (method == nullptr) return;
    const std::string& param = admission.match.param;
    // Refused by the access policy: answered (403) without a hash thread.
    if (!access_allowed(access_policy_, route->access.at(*method), admission.gate->current_user,
                        param)) {
        return;
    }
    // Not in this mode: answered (404) without a reservation or a hash thread.
    if (!available(*route, *method)) return;
    if (route->hashing_methods.count(*method) != 0) admission.hashes = true;
    const auto admit = route->admissions.find(*method);
    if (admit == route->admissions.end() || admission.route_check) return;
    std::optional<CredentialAttempt> none;
    const RouteContext context{admission.gate->current_user, param,
                               admission.credentials.session_cookie, none};
    auto reserved = admit->second(request, context);
    if (!reserved) return;
    if (const auto* throttled = std::get_if<Throttled>(&*reserved)) {
        admission.answer = too_many_attempts_response(throttled->retry_after_seconds);
        return;
    }
    admission.route_check = std::move(std::get<CredentialAttempt>(*reserved));
    admission.hashes = true;
}

ApiResponse ApiRouter::complete(const ApiRequest& request, Admission& admission) const {
    if (admission.answer) return std::move(*admission.answer);
    if (admission.gate_check) {
        admission.gate = gate_.finish(admission.credentials, std::move(*admission.gate_check));
        admission.gate_check.reset();
        admit_route(request, admission);
        if (admission.answer) return std::move(*admission.answer);
    }
    switch (admission.gate->decision) {
        case GateDecision::Unauthorized:
            return error_response(ApiError::Unauthorized);
        case GateDecision::Forbidden:
            return error_response(ApiError::Forbidden);
        case GateDecision::Throttled:
            return too_many_attempts_response(admission.gate->retry_after_seconds);
        case GateDecision::Open:
        case GateDecision::Authenticated:
            break;
    }
    return route(request, admission);
}

ApiResponse ApiRouter::dispatch(const ApiRequest& request) const {
    Admission admission = admit(request, match(request.path));
    return complete(request, admission);
}

ApiResponse ApiRouter::route(const ApiRequest& request, Admission& admission) const {
    const Route* route = matched(admission.match);
    if (route == nullptr) return error_response(ApiError::NotFound);
    const std::string& param = admission.match.param;

    const std::optional<User>& current_user = admission.gate->current_user;
    const RouteContext context{current_user, param, admission.credentials.session_cookie,
                               admission.route_check};
    // HEAD is GET without a body, with GET's handler and access.
    const bool head_of_get =
        request.method == "HEAD" && !route->handlers.count("HEAD") && route->handlers.count("GET");
    const std::string method = head_of_get ? "GET" : request.method;
    auto handler = route->handlers.find(method);
    if (handler != route->handlers.end()) {
        if (!access_allowed(access_policy_, route->access.at(method), current_user, param)) {
            return error_response(ApiError::Forbidden);
        }
        if (!available(*route, method)) return error_response(ApiError::NotFound);
        ApiResponse response = handler->second(request, context);
        if (head_of_get) response.body.clear();
        return response;
    }
    if (request.method == "OPTIONS") {
        ApiResponse response;
        response.json = false;
        response.with_header("Allow", allow_header(route->handlers));
        return response;
    }
    return error_response(ApiError::MethodNotAllowed)
        .with_header("Allow", allow_header(route->handlers));
}

}  // namespace authapi
