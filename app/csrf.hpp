#pragma once

#include <string>
#include <vector>

#include "api_request.hpp"

namespace authapi {

// Cross-site request refusal for the cookie API, from the headers browsers
// add themselves: unsafe methods (POST, PUT, PATCH, DELETE) that carry the
// session cookie, and every login attempt, are refused when Sec-Fetch-Site
// says cross-site, or when an Origin is given and is neither the request's
// own host nor an allowed origin. A request with neither header (curl, a
// script, an older browser doing a same-origin request) passes: SameSite=Lax
// on the cookie covers what remains.
class CsrfPolicy {
public:
    CsrfPolicy(std::vector<std::string> allowed_origins, std::string login_path);

    bool refuses(const ApiRequest& request, bool carries_session_cookie) const;

private:
    bool origin_allowed(const std::string& origin, const ApiRequest& request) const;

    std::vector<std::string> allowed_origins_;
    std::string login_path_;
};

}  // namespace authapi
