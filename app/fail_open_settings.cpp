#include "fail_open_settings.hpp"

#include <arpa/inet.h>

namespace authapi {

namespace {

bool is_session_mode(AuthType type) {
    return type == AuthType::SessionAuth || type == AuthType::SessionExpAuth ||
           type == AuthType::SessionDbAuth;
}

bool is_loopback(const std::string& host) {
    if (host == "localhost") return true;
    in_addr v4{};
    if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
        return (ntohl(v4.s_addr) >> 24) == 127;  // 127.0.0.0/8
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
        if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
        // ::ffff:127.x.y.z
        return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
    }
    return false;
}

}  // namespace

std::vector<std::string> fail_open_warnings(const Config& config) {
    std::vector<std::string> warnings;
    if (config.auth_type == AuthType::None) {
        warnings.push_back(
            "AUTH_TYPE is not set: no authentication, anyone who reaches the server can list, "
            "create, change and delete users (set AUTH_TYPE, e.g. session_db_auth)");
    }
    if (is_session_mode(config.auth_type) && config.session_idle_timeout == 0) {
        // session_auth ignores SESSION_DURATION, as the task's first session mode does.
        if (config.auth_type == AuthType::SessionAuth) {
            warnings.push_back(
                "sessions never expire: session_auth has no lifetime and SESSION_IDLE_TIMEOUT is "
                "not set (set SESSION_IDLE_TIMEOUT, or use session_exp_auth or session_db_auth "
                "with SESSION_DURATION)");
        } else if (config.session_duration <= 0) {
            warnings.push_back(
                "sessions never expire: neither SESSION_DURATION nor SESSION_IDLE_TIMEOUT is set "
                "(a stolen cookie works until logout)");
        }
    }
    if (is_session_mode(config.auth_type) && !config.cookie_secure && !is_loopback(config.host)) {
        warnings.push_back(
            "the session cookie is not Secure (COOKIE_SECURE is not 1) while API_HOST=" +
            config.host +
            " is reachable from other machines: browsers also send it over plain "
            "HTTP (serve over HTTPS and set COOKIE_SECURE=1)");
    }
    return warnings;
}

}  // namespace authapi
