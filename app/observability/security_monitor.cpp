#include "security_monitor.hpp"

#include "session_service.hpp"

namespace authapi {

namespace {

const char* failure_reason(CredentialFailure failure) {
    switch (failure) {
        case CredentialFailure::NoUser:
            return "no_user";
        case CredentialFailure::WrongPassword:
            return "wrong_password";
        case CredentialFailure::Throttled:
            return "throttled";
    }
    return "unknown";
}

// What a request said, cut short: enough to recognise it, never a flood.
std::string_view excerpt(std::string_view value) {
    constexpr std::size_t kLongest = 200;
    return value.substr(0, kLongest);
}

}  // namespace

void SecurityMonitor::csrf_refused(const RequestTrace& request, std::string_view check,
                                   std::string_view expected, std::string_view hint) {
    const std::string what = std::string(request.method) + " " + std::string(excerpt(request.path));
    AuditFields fields;
    fields.client_ip = request.client_ip;
    fields.reason = check;
    fields.request = what;
    fields.origin = excerpt(request.origin);
    fields.sec_fetch_site = excerpt(request.sec_fetch_site);
    fields.host = excerpt(request.host);
    fields.expected = expected;
    fields.hint = hint;
    audit_.write("csrf_refused", fields);
}

void SecurityMonitor::secure_cookie_over_http(const RequestTrace& request) {
    AuditFields fields;
    fields.client_ip = request.client_ip;
    fields.host = excerpt(request.host);
    fields.hint =
        "warning: this login set a Secure cookie on a request that arrived over plain http; "
        "browsers drop it (except on localhost), so the session will not be used. Serve over "
        "https (behind a TLS proxy: TRUSTED_PROXIES naming it, and X-Forwarded-Proto), or set "
        "COOKIE_SECURE=0";
    audit_.write("secure_cookie_over_http", fields);
}

void SecurityMonitor::credentials_refused(CredentialSource source, CredentialFailure failure,
                                          std::string_view account, std::string_view client_ip) {
    const bool throttled = failure == CredentialFailure::Throttled;
    const char* event = "";
    switch (source) {
        case CredentialSource::LoginForm:
            metrics_.count_login(throttled ? LoginResult::Throttled : LoginResult::Failed);
            event = throttled ? "login_throttled" : "login_failed";
            break;
        case CredentialSource::BasicAuth:
            metrics_.count_basic_auth_failure(throttled);
            event = throttled ? "basic_auth_throttled" : "basic_auth_failed";
            break;
        case CredentialSource::PasswordChange:
            event = throttled ? "password_change_throttled" : "password_change_failed";
            break;
    }
    const std::string account_tag = audit_.account_tag(account);
    AuditFields fields;
    fields.client_ip = client_ip;
    fields.account = account_tag;
    fields.reason = failure_reason(failure);
    audit_.write(event, fields);
}

void SecurityMonitor::session_event(std::string_view event, std::string_view user_id,
                                    std::string_view client_ip, std::string_view token_hash) {
    const std::string tag = audit_.session_tag(token_hash);
    AuditFields fields;
    fields.user_id = user_id;
    fields.client_ip = client_ip;
    fields.session = tag;
    audit_.write(event, fields);
}

void SecurityMonitor::user_event(std::string_view event, std::string_view actor_id,
                                 std::string_view user_id, std::string_view client_ip,
                                 std::string_view reason) {
    AuditFields fields;
    fields.user_id = user_id;
    fields.actor_id = actor_id;
    fields.client_ip = client_ip;
    fields.reason = reason;
    audit_.write(event, fields);
}

void SecurityMonitor::session_expired(const UserSession& session) {
    session_event("session_expired", session.user_id, "", session.token_hash);
}

void SecurityMonitor::login_succeeded(const std::string& user_id, std::string_view client_ip,
                                      const std::string& token) {
    metrics_.count_login(LoginResult::Ok);
    session_event("login_ok", user_id, client_ip, hash_session_token(token));
}

void SecurityMonitor::logged_out(const std::string& user_id, std::string_view client_ip,
                                 const std::string& token) {
    session_event("logout", user_id, client_ip, hash_session_token(token));
}

void SecurityMonitor::user_created(const std::string& actor_id, const std::string& user_id,
                                   std::string_view client_ip) {
    user_event("user_created", actor_id, user_id, client_ip, "");
}

void SecurityMonitor::user_deleted(const std::string& actor_id, const std::string& user_id,
                                   std::string_view client_ip) {
    // Deleting a user also ends (revokes) all of its sessions.
    user_event("user_deleted", actor_id, user_id, client_ip, "sessions_revoked");
}

void SecurityMonitor::password_changed(const std::string& user_id, std::string_view client_ip,
                                       std::int64_t revoked) {
    user_event("password_changed", user_id, user_id, client_ip,
               "sessions_revoked=" + std::to_string(revoked));
}

void SecurityMonitor::sessions_revoked(const std::string& user_id, std::string_view client_ip,
                                       std::int64_t revoked) {
    user_event("sessions_revoked", user_id, user_id, client_ip,
               "sessions_revoked=" + std::to_string(revoked));
}

}  // namespace authapi
