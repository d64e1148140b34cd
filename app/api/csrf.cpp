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

std::string list_it(const std::string& origin) {
    return "if " + origin + " is another site of yours, add it to ALLOWED_ORIGINS";
}

}  // namespace

CsrfPolicy::CsrfPolicy(OriginPolicy origins, std::string login_path)
    : origins_(std::move(origins)), login_path_(std::move(login_path)) {}

std::optional<CsrfRefusal> CsrfPolicy::check(const ApiRequest& request,
                                             bool carries_session_cookie) const {
    if (!is_unsafe(request.method)) return std::nullopt;
    if (!carries_session_cookie && without_trailing_slash(request.path) != login_path_) {
        return std::nullopt;
    }
    const bool listed = origins_.listed(request.origin).has_value();
    if (request.sec_fetch_site && !listed &&
        ascii_equal_ignoring_case(*request.sec_fetch_site, "cross-site")) {
        CsrfRefusal refusal{"sec_fetch_site", "", ""};
        if (auto own = origins_.own_origin(request)) refusal.expected = own->serialize();
        refusal.hint = "the browser says the page is on another site";
        if (request.origin) refusal.hint += "; " + list_it(*request.origin);
        return refusal;
    }
    if (!request.origin || listed) return std::nullopt;
    const auto origin = parse_origin(*request.origin);
    const auto own = origins_.own_origin(request);
    if (origin && own && *origin == *own) return std::nullopt;
    return origin_refusal(request);
}

CsrfRefusal CsrfPolicy::origin_refusal(const ApiRequest& request) const {
    CsrfRefusal refusal{"origin", "", ""};
    const auto origin = parse_origin(*request.origin);
    const auto own = origins_.own_origin(request);
    if (own) refusal.expected = own->serialize();
    if (*request.origin == "null") {
        refusal.hint =
            "Origin: null comes from a sandboxed frame, a file: page or a cross-site redirect; "
            "serve the page from this API's origin or from one in ALLOWED_ORIGINS";
        return refusal;
    }
    if (!origin) {
        refusal.hint = "the Origin is not an http(s) origin";
        return refusal;
    }
    const std::string named = origin->serialize();
    if (origins_.public_origin()) {
        refusal.hint =
            "this API's origin is PUBLIC_ORIGIN=" + refusal.expected + "; " + list_it(named);
        return refusal;
    }
    if (!own) {
        refusal.hint = "the request names no usable Host; set PUBLIC_ORIGIN to this API's origin";
        return refusal;
    }
    if (request.via_trusted_proxy) {
        refusal.hint =
            "the proxy reports this API's origin as " + refusal.expected +
            " (Host, X-Forwarded-Proto/-Host or Forwarded); if " + named +
            " is this API's address, fix the proxy's headers or set PUBLIC_ORIGIN=" + named + "; " +
            list_it(named);
        return refusal;
    }
    if (origin->host == own->host && origin->scheme != own->scheme) {
        refusal.hint = "the page is " + origin->scheme +
                       " but the request reached auth-api over plain http: set TRUSTED_PROXIES=" +
                       request.peer_ip +
                       " (the proxy that terminates TLS) so that its X-Forwarded-Proto is "
                       "believed, or PUBLIC_ORIGIN=" +
                       named;
        return refusal;
    }
    refusal.hint = "the Host header names " + own->host + ":" + std::to_string(own->port) +
                   ", not the browser's " + named + "; if " + named +
                   " is this API's address behind a proxy, have the proxy pass the Host (nginx: "
                   "proxy_set_header Host $http_host) or X-Forwarded-Host with TRUSTED_PROXIES=" +
                   request.peer_ip + ", or set PUBLIC_ORIGIN=" + named + "; " + list_it(named);
    return refusal;
}

}  // namespace authapi
