// The session cookie's attributes (SESSION_SAMESITE, COOKIE_SECURE), the
// startup line that shows them, and the warning when a Secure cookie is
// handed out where browsers will drop it.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "audit_lines.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"
#include "session_rows.hpp"

namespace authapi::e2e {

TEST_CASE("cookie: SESSION_SAMESITE sets SameSite on login and logout; the startup line says it") {
    struct Case {
        Environment env;
        const char* same_site;
        const char* startup;
    };
    const Case cases[] = {
        {{{"SESSION_SAMESITE", "strict"}},
         "Strict",
         "cookie: _my_session_id; Path=/; HttpOnly; SameSite=Strict)"},
        {{{"SESSION_SAMESITE", "None"}, {"COOKIE_SECURE", "1"}, {"SESSION_DURATION", "60"}},
         "None",
         "cookie: _my_session_id; Path=/; HttpOnly; SameSite=None; Secure; Max-Age=60)"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.same_site);
        Environment env = c.env;
        env["AUTH_TYPE"] = "session_exp_auth";
        ServerProcess server(env);
        server.seed_user(kSessionEmail, kSessionPassword);
        const HttpClient client(server.port());
        const Response logged_in = login(client, kSessionEmail, kSessionPassword);
        CHECK_STATUS(logged_in, 200);
        const std::string set_cookie = set_cookie_for(logged_in).value_or("");
        CHECK(cookie_attribute(set_cookie, "SameSite") == std::optional<std::string>(c.same_site));
        const Response logged_out = client.del(
            "/api/v1/auth_session/logout", session_cookie(cookie_value(logged_in).value_or("")));
        CHECK_STATUS(logged_out, 200);
        CHECK(cookie_attribute(set_cookie_for(logged_out).value_or(""), "SameSite") ==
              std::optional<std::string>(c.same_site));
        INFO(server.log());
        CHECK(server.log().find(c.startup) != std::string::npos);
    }
}

TEST_CASE("cookie: a Secure cookie handed out over plain http is a warning, once per login") {
    ServerProcess server(
        {{"AUTH_TYPE", "session_auth"}, {"COOKIE_SECURE", "1"}, {"TRUSTED_PROXIES", "127.0.0.1"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    CHECK_STATUS(login(client, kSessionEmail, kSessionPassword), 200);
    // Through a TLS proxy we trust: nothing to warn about.
    CHECK_STATUS(login_with(client, kSessionEmail, kSessionPassword,
                            {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "203.0.113.9"}}),
                 200);
    CHECK_STATUS(login_with(client, kSessionEmail, kSessionPassword,
                            {{"X-Forwarded-Proto", "http"}, {"X-Forwarded-For", "198.51.100.4"}}),
                 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto warnings = audit_lines(server.log(), "secure_cookie_over_http");
    REQUIRE(warnings.size() == 2);
    CHECK(member(warnings[0], "ip") == "127.0.0.1");
    CHECK(member(warnings[1], "ip") == "198.51.100.4");
    CHECK(member(warnings[0], "host") == "127.0.0.1:" + std::to_string(server.port()));
    CHECK(member(warnings[0], "hint").find("browsers drop it") != std::string::npos);
    CHECK(member(warnings[0], "hint").find("COOKIE_SECURE=0") != std::string::npos);

    // Without COOKIE_SECURE there is nothing to drop.
    ServerProcess plain({{"AUTH_TYPE", "session_auth"}});
    plain.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient plain_client(plain.port());
    CHECK_STATUS(login(plain_client, kSessionEmail, kSessionPassword), 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(audit_lines(plain.log(), "secure_cookie_over_http").empty());
}

}  // namespace authapi::e2e
