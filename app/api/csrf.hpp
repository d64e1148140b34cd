#pragma once

#include <optional>
#include <string>

#include "api/origin_policy.hpp"
#include "api_request.hpp"

namespace authapi {

// Why a request was refused, for the audit line: the check that refused it
// and what to change if the request was legitimate.
struct CsrfRefusal {
    const char* check;     // "sec_fetch_site" or "origin"
    std::string expected;  // the API's own origin as it was compared, if known
    std::string hint;
};

// Cross-site request refusal for the cookie API, from the headers browsers
// add themselves: unsafe methods (POST, PUT, PATCH, DELETE) that carry the
// session cookie, and every login attempt, are refused when Sec-Fetch-Site
// says cross-site (unless the Origin is listed in ALLOWED_ORIGINS), or when
// an Origin is given and is neither the API's own origin nor listed. A
// request with neither header (curl, a script, an older browser doing a
// same-origin request) passes: SameSite on the cookie covers what remains.
class CsrfPolicy {
public:
    CsrfPolicy(OriginPolicy origins, std::string login_path);

    std::optional<CsrfRefusal> check(const ApiRequest& request, bool carries_session_cookie) const;
    bool refuses(const ApiRequest& request, bool carries_session_cookie) const {
        return check(request, carries_session_cookie).has_value();
    }

private:
    CsrfRefusal origin_refusal(const ApiRequest& request) const;

    OriginPolicy origins_;
    std::string login_path_;
};

}  // namespace authapi
