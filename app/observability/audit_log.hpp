#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace authapi {

// What one audit line says beyond its event name; empty fields are left out.
struct AuditFields {
    std::string_view user_id;   // the user the event is about
    std::string_view actor_id;  // who did it, when someone else (user deleted by ...)
    std::string_view client_ip;
    std::string_view session;  // a session_tag(), never a token
    std::string_view account;  // an account_tag(), never the typed email
    std::string_view reason;
    // A refused request: what it was, what it said, what it was compared
    // with, and what to change if it was legitimate.
    std::string_view request;  // "POST /api/v1/auth_session/login"
    std::string_view origin;
    std::string_view sec_fetch_site;
    std::string_view host;
    std::string_view expected;
    std::string_view hint;
};

// Security events as JSON lines on stderr, next to the access log:
//   {"time":"...","audit":"login_failed","ip":"127.0.0.1","account":"9f2c...","reason":"wrong_password"}
// Sessions and typed emails appear only as short keyed hashes (BLAKE2b under
// AUDIT_KEY, or a key drawn at startup): lines about one session or one account can be
// matched with each other, but not with a token, a database row or an email
// list. Passwords never reach this class. Thread safe: one write per line.
class AuditLog {
public:
    // An empty `secret` draws a random key; the same secret gives the same
    // tags across restarts (useful with sessions that outlive the process).
    explicit AuditLog(std::FILE* out = stderr, std::string_view secret = {});

    void write(std::string_view event, const AuditFields& fields) const;
    // From the session's stored token hash (SessionService's hash_session_token).
    std::string session_tag(std::string_view token_hash) const;
    std::string account_tag(std::string_view email) const;

private:
    std::string tag(std::string_view domain, std::string_view value) const;

    std::FILE* out_;
    unsigned char key_[32];
};

}  // namespace authapi
