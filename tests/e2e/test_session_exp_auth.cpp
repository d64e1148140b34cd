// Task 9: AUTH_TYPE=session_exp_auth, sessions that expire SESSION_DURATION
// seconds after login.
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

using Clock = std::chrono::steady_clock;

struct LoggedIn {
    std::unique_ptr<ServerProcess> server;
    std::unique_ptr<HttpClient> client;
    Response login;
    std::string token;
    Clock::time_point logged_in_at;
    Response first_me;  // GET /users/me right after the login
};

LoggedIn start_and_login(const std::string& duration) {
    LoggedIn out;
    out.server = std::make_unique<ServerProcess>(
        Environment{{"AUTH_TYPE", "session_exp_auth"}, {"SESSION_DURATION", duration}});
    out.server->seed_user(kSessionEmail, kSessionPassword);
    out.client = std::make_unique<HttpClient>(out.server->port());
    out.logged_in_at = Clock::now();
    out.login = login(*out.client, kSessionEmail, kSessionPassword);
    out.token = cookie_value(out.login).value_or("");
    out.first_me = out.client->get("/api/v1/users/me", session_cookie(out.token));
    return out;
}

std::string session_set_cookie(const LoggedIn& session) {
    return set_cookie_for(session.login).value_or("<no Set-Cookie>");
}

Response me(const LoggedIn& session) {
    return e2e::me(*session.client, session.token);
}

TEST_CASE("session_exp_auth: SESSION_DURATION=2 expires the session, 0 or invalid never do") {
    // Three servers share one wait: a 2 s session, a 0 s one and an invalid
    // duration (which means 0, with a warning in the log).
    const LoggedIn short_lived = start_and_login("2");
    const LoggedIn unlimited = start_and_login("0");
    const LoggedIn invalid = start_and_login("abc");

    CHECK_STATUS(short_lived.login, 200);
    CHECK(is_session_token(short_lived.token));
    CHECK(cookie_attribute(session_set_cookie(short_lived), "Max-Age") == "2");
    CHECK_FALSE(cookie_attribute(session_set_cookie(unlimited), "Max-Age").has_value());
    CHECK_FALSE(cookie_attribute(session_set_cookie(invalid), "Max-Age").has_value());
    CHECK(invalid.server->log().find("SESSION_DURATION") != std::string::npos);

    CHECK_STATUS(short_lived.first_me, 200);
    CHECK_STATUS(unlimited.first_me, 200);
    CHECK_STATUS(invalid.first_me, 200);

    // Expired at 2 s; 1.5 s more keeps the test away from the boundary.
    std::this_thread::sleep_until(short_lived.logged_in_at + std::chrono::milliseconds(3500));

    CHECK_ERROR(me(short_lived), 403, "Forbidden");
    CHECK_ERROR(
        short_lived.client->del("/api/v1/auth_session/logout", session_cookie(short_lived.token)),
        403, "Forbidden");
    CHECK_STATUS(me(unlimited), 200);
    CHECK_STATUS(me(invalid), 200);

    // A new login gets a fresh 2 s.
    const std::string again = login_token(*short_lived.client, kSessionEmail, kSessionPassword);
    CHECK_STATUS(short_lived.client->get("/api/v1/users/me", session_cookie(again)), 200);
}

TEST_CASE("session_exp_auth: SESSION_DURATION is read like Python's int()") {
    struct Case {
        const char* duration;
        const char* max_age;  // nullptr: no Max-Age, the session never expires
    };
    const Case cases[] = {
        {" +2 ", "2"}, {"1_0", "10"}, {"-5", nullptr}, {"60.5", nullptr}, {"", nullptr}};
    for (const Case& c : cases) {
        CAPTURE(c.duration);
        const LoggedIn session = start_and_login(c.duration);
        CHECK_STATUS(session.login, 200);
        const std::string cookie = session_set_cookie(session);
        CAPTURE(cookie);
        if (c.max_age != nullptr) {
            CHECK(cookie_attribute(cookie, "Max-Age") == std::optional<std::string>(c.max_age));
        } else {
            CHECK_FALSE(cookie_attribute(cookie, "Max-Age").has_value());
        }
        CHECK_STATUS(session.first_me, 200);
    }
}

}  // namespace

}  // namespace authapi::e2e
