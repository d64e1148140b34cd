#include "session_cookie.hpp"

namespace authapi {

namespace {

std::string attributes(const SessionCookieSettings& settings) {
    std::string out = "; Path=/; HttpOnly; SameSite=Lax";
    if (settings.secure) out += "; Secure";
    return out;
}

}  // namespace

std::string session_cookie_header(const SessionCookieSettings& settings, const std::string& token) {
    std::string header = settings.name + "=" + token + attributes(settings);
    if (settings.max_age_seconds > 0)
        header += "; Max-Age=" + std::to_string(settings.max_age_seconds);
    return header;
}

std::string expired_session_cookie_header(const SessionCookieSettings& settings) {
    return settings.name + "=" + attributes(settings) +
           "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
}

}  // namespace authapi
