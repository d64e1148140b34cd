#include "session_cookie.hpp"

namespace authapi {

namespace {

std::string attributes(const SessionCookieSettings& settings) {
    std::string out = "; Path=/; HttpOnly; SameSite=" + settings.same_site;
    if (settings.secure) out += "; Secure";
    return out;
}

std::string max_age(const SessionCookieSettings& settings) {
    if (settings.max_age_seconds <= 0) return "";
    return "; Max-Age=" + std::to_string(settings.max_age_seconds);
}

}  // namespace

std::string session_cookie_header(const SessionCookieSettings& settings, const std::string& token) {
    return settings.name + "=" + token + attributes(settings) + max_age(settings);
}

std::string expired_session_cookie_header(const SessionCookieSettings& settings) {
    return settings.name + "=" + attributes(settings) +
           "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
}

std::string describe_session_cookie(const SessionCookieSettings& settings) {
    return settings.name + attributes(settings) + max_age(settings);
}

}  // namespace authapi
