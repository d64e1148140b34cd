#include "api_router.hpp"

#include <set>

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

ApiRouter::ApiRouter(const AuthGate& gate, std::string session_cookie_name)
    : gate_(gate), session_cookie_name_(std::move(session_cookie_name)) {}

void ApiRouter::add(const std::string& method, const std::string& pattern, Access access,
                    RouteHandler handler, RouteWork work) {
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
    target->access[method] = access;
    if (work == RouteWork::HashesPassword) target->hashing_methods.insert(method);
}

const ApiRouter::Route* ApiRouter::match(std::string_view path, std::string_view& param) const {
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

int ApiRouter::route_index(std::string_view path) const {
    std::string_view param;
    const Route* route = match(path, param);
    return route == nullptr ? -1 : static_cast<int>(route - routes_.data());
}

RequestCredentials ApiRouter::credentials(const ApiRequest& request) const {
    RequestCredentials credentials;
    credentials.authorization = request.authorization;
    if (request.cookie) {
        credentials.session_cookie = find_cookie(*request.cookie, session_cookie_name_);
    }
    credentials.client_ip = request.client_ip;
    return credentials;
}

bool ApiRouter::runs_password_hash(const ApiRequest& request) const {
    std::string_view param;
    const Route* route = match(request.path, param);
    if (route != nullptr && !route->hashing_methods.empty()) {
        const bool head_of_get = request.method == "HEAD" && route->hashing_methods.count("GET");
        if (route->hashing_methods.count(request.method) || head_of_get) return true;
    }
    // Only the Authorization header can cost a hash (Basic); the cookie is
    // not even parsed for this question.
    if (!request.authorization) return false;
    RequestCredentials offered;
    offered.authorization = request.authorization;
    offered.client_ip = request.client_ip;
    return gate_.needs_password_hash(request.path, offered);
}

ApiResponse ApiRouter::dispatch(const ApiRequest& request) const {
    // A preflight carries no credentials: it must not meet the gate.
    if (auto preflight = cors_.preflight(request)) return std::move(*preflight);
    const RequestCredentials credentials = this->credentials(request);
    if (csrf_) {
        if (auto refusal = csrf_->check(request, credentials.session_cookie.has_value())) {
            if (csrf_monitor_) csrf_monitor_->csrf_refused(request, *refusal);
            return error_response(403, "Forbidden");
        }
    }
    GateResult gate{GateDecision::Forbidden, std::nullopt};
    try {
        gate = gate_.check(request.path, credentials);
    } catch (const TooManyAttempts& e) {
        return too_many_attempts_response(e.retry_after_seconds());
    }

    ApiResponse response;
    switch (gate.decision) {
        case GateDecision::Unauthorized:
            response = error_response(401, "Unauthorized");
            break;
        case GateDecision::Forbidden:
            response = error_response(403, "Forbidden");
            break;
        case GateDecision::Open:
        case GateDecision::Authenticated:
            response = route(request, gate.current_user, credentials.session_cookie);
            break;
    }
    return response;
}

ApiResponse ApiRouter::route(const ApiRequest& request, const std::optional<User>& current_user,
                             const std::optional<std::string>& session_cookie) const {
    std::string_view matched_param;
    const Route* route = match(request.path, matched_param);
    if (route == nullptr) return error_response(404, "Not found");
    const std::string param(matched_param);

    const RouteContext context{current_user, param, session_cookie};
    // HEAD is GET without a body, with GET's handler and access.
    const bool head_of_get =
        request.method == "HEAD" && !route->handlers.count("HEAD") && route->handlers.count("GET");
    const std::string method = head_of_get ? "GET" : request.method;
    auto handler = route->handlers.find(method);
    if (handler != route->handlers.end()) {
        if (!access_allowed(access_policy_, route->access.at(method), current_user, param)) {
            return error_response(403, "Forbidden");
        }
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
    return error_response(405, "Method Not Allowed")
        .with_header("Allow", allow_header(route->handlers));
}

}  // namespace authapi
