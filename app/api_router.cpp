#include "api_router.hpp"

#include <set>

#include "http/cookie_header.hpp"
#include "login_throttle.hpp"

namespace authapi {

namespace {

std::vector<std::string> split_path(std::string_view path) {
    // Slash tolerant: "/x/" is "/x". Only one trailing slash is forgiven.
    if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    std::vector<std::string> segments;
    if (path.empty() || path.front() != '/') {
        segments.emplace_back(path);  // never matches a route
        return segments;
    }
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

void ApiRouter::add(const std::string& method, const std::string& pattern, RouteHandler handler) {
    std::vector<std::string> segments = split_path(pattern);
    for (auto& segment : segments) {
        if (segment.size() > 2 && segment.front() == '<' && segment.back() == '>') segment = "<>";
    }
    for (auto& route : routes_) {
        if (route.segments == segments) {
            route.handlers[method] = std::move(handler);
            return;
        }
    }
    Route route;
    route.pattern = pattern;
    route.segments = std::move(segments);
    route.handlers[method] = std::move(handler);
    routes_.push_back(std::move(route));
}

const ApiRouter::Route* ApiRouter::match(const std::vector<std::string>& segments,
                                         std::string& param) const {
    // Literal routes win over parametric ones (/users/me is not /users/<id>
    // only by accident of order).
    const Route* best = nullptr;
    for (const auto& route : routes_) {
        if (route.segments.size() != segments.size()) continue;
        bool matches = true;
        bool literal = true;
        std::string candidate;
        for (std::size_t i = 0; i < segments.size() && matches; ++i) {
            if (route.segments[i] == "<>") {
                literal = false;
                matches = !segments[i].empty();
                candidate = segments[i];
            } else {
                matches = route.segments[i] == segments[i];
            }
        }
        if (!matches) continue;
        if (literal) {
            param.clear();
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
    std::string param;
    const Route* route = match(split_path(path), param);
    return route == nullptr ? -1 : static_cast<int>(route - routes_.data());
}

ApiResponse ApiRouter::dispatch(const ApiRequest& request) const {
    RequestCredentials credentials;
    credentials.authorization = request.authorization;
    if (request.cookie) {
        credentials.session_cookie = find_cookie(*request.cookie, session_cookie_name_);
    }
    credentials.client_ip = request.client_ip;
    if (csrf_ && csrf_->refuses(request, credentials.session_cookie.has_value())) {
        return error_response(403, "Forbidden");
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
    std::string param;
    const Route* route = match(split_path(request.path), param);
    if (route == nullptr) return error_response(404, "Not found");

    const RouteContext context{current_user, param, session_cookie};
    auto handler = route->handlers.find(request.method);
    if (handler != route->handlers.end()) return handler->second(request, context);

    if (request.method == "HEAD") {
        auto get = route->handlers.find("GET");
        if (get != route->handlers.end()) {
            ApiResponse response = get->second(request, context);
            response.body.clear();
            return response;
        }
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
