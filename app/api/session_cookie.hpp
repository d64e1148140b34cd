#pragma once

#include <cstdint>
#include <string>

namespace authapi {

struct SessionCookieSettings {
    std::string name;
    std::int64_t max_age_seconds = 0;  // > 0: Max-Age; otherwise a browser-session cookie
    bool secure = false;
    std::string same_site = "Lax";  // "Lax", "Strict" or "None" (None only with secure)
};

// Set-Cookie value that hands out a session token.
std::string session_cookie_header(const SessionCookieSettings& settings, const std::string& token);
// Set-Cookie value that makes the browser drop the session cookie.
std::string expired_session_cookie_header(const SessionCookieSettings& settings);
// "_my_session_id; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600": what the
// cookie will be, for the startup line.
std::string describe_session_cookie(const SessionCookieSettings& settings);

}  // namespace authapi
