#include "csrf.hpp"

#include "http/ascii_text.hpp"

namespace authapi {

namespace {

bool is_unsafe(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string_view without_trailing_slash(std::string_view path) {
    if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    return path;
}

}  // namespace

CsrfPolicy::CsrfPolicy(std::vector<std::string> allowed_origins, std::string login_path)
    : allowed_origins_(std::move(allowed_origins)), login_path_(std::move(login_path)) {}

bool CsrfPolicy::origin_allowed(const std::string& origin, const ApiRequest& request) const {
    for (const auto& allowed : allowed_origins_) {
        if (ascii_equal_ignoring_case(origin, allowed)) return true;
    }
    if (!allowed_origins_.empty() || !request.host) return false;
    // Same origin: "http://host:port" names the Host the request was sent to.
    // ("null", from a sandboxed or file: page, never matches.)
    const auto scheme_end = origin.find("://");
    if (scheme_end == std::string::npos) return false;
    return ascii_equal_ignoring_case(std::string_view(origin).substr(scheme_end + 3),
                                     *request.host);
}

bool CsrfPolicy::refuses(const ApiRequest& request, bool carries_session_cookie) const {
    if (!is_unsafe(request.method)) return false;
    if (!carries_session_cookie && without_trailing_slash(request.path) != login_path_) {
        return false;
    }
    if (request.sec_fetch_site &&
        ascii_equal_ignoring_case(*request.sec_fetch_site, "cross-site")) {
        return true;
    }
    return request.origin && !origin_allowed(*request.origin, request);
}

}  // namespace authapi
