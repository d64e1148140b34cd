#include "cors.hpp"

#include "http/ascii_text.hpp"

namespace authapi {

namespace {

constexpr const char* kMethods = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";
// How long a browser may reuse a preflight's answer (Chromium caps it at 2 hours).
constexpr const char* kPreflightMaxAge = "600";

bool is_preflight(const ApiRequest& request) {
    return request.method == "OPTIONS" && request.cors_request_method.has_value();
}

// Access-Control-Request-Headers is echoed only when it is a plain list of
// header names: nothing else of the request's goes back into a header.
bool is_header_name_list(std::string_view list) {
    bool name = false;
    for (char c : list) {
        const bool tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') ||
                           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
        if (tchar) {
            name = true;
        } else if (c == ',') {
            if (!name) return false;
            name = false;
        } else if (!is_space_or_tab(c)) {
            return false;
        }
    }
    return name;
}

}  // namespace

bool is_cors_path(std::string_view path) {
    constexpr std::string_view prefix = "/api/v1";
    return ascii_equal_ignoring_case(path.substr(0, prefix.size()), prefix);
}

std::optional<ApiResponse> CorsPolicy::preflight(const ApiRequest& request) const {
    if (!is_preflight(request) || !is_cors_path(request.path)) return std::nullopt;
    if (!origins_.listed(request.origin)) return std::nullopt;
    ApiResponse response;
    response.status = 204;
    response.json = false;
    return response;
}

void CorsPolicy::add_headers(const ApiRequest& request, ApiResponse& response) const {
    const auto listed = origins_.listed(request.origin);
    if (listed) {
        // The listed spelling, never the request's bytes.
        response.with_header("Access-Control-Allow-Origin", listed->serialize());
        response.with_header("Access-Control-Allow-Credentials", "true");
    } else {
        response.with_header("Access-Control-Allow-Origin", "*");
    }
    // With a list, the answer depends on the Origin: caches must know it.
    if (origins_.lists_any()) response.with_header("Vary", "Origin");
    if (!is_preflight(request)) return;
    response.with_header("Access-Control-Allow-Methods", kMethods);
    if (request.cors_request_headers && is_header_name_list(*request.cors_request_headers)) {
        response.with_header("Access-Control-Allow-Headers", *request.cors_request_headers);
    }
    if (listed) response.with_header("Access-Control-Max-Age", kPreflightMaxAge);
}

}  // namespace authapi
