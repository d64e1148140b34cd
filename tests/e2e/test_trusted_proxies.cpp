// TRUSTED_PROXIES: whose Forwarded / X-Forwarded-* headers are believed, and
// what the resolved client address is used for. The tests' client connects
// from 127.0.0.1, so "127.0.0.1" plays the proxy.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "audit_lines.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"
#include "session_rows.hpp"

namespace authapi::e2e {

namespace {

std::string session_ip(const ServerProcess& server) {
    const auto rows = session_rows(server.db_path());
    REQUIRE(rows.size() == 1);
    return rows.front().ip.value_or("<none>");
}

std::string settled_log(const ServerProcess& server) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let the lines reach the file
    return server.log();
}

}  // namespace

TEST_CASE("proxies: unset, nobody's forwarding headers are believed") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const Response response =
        login_with(client, kSessionEmail, kSessionPassword,
                   {{"X-Forwarded-For", "203.0.113.9"}, {"Forwarded", "for=198.51.100.1"}});
    CHECK_STATUS(response, 200);
    CHECK(session_ip(server) == "127.0.0.1");
    const auto ok = audit_lines(settled_log(server), "login_ok");
    REQUIRE(ok.size() == 1);
    CHECK(member(ok[0], "ip") == "127.0.0.1");
}

TEST_CASE("proxies: the right-most untrusted address is the client: session, audit, access log") {
    ServerProcess server(
        {{"AUTH_TYPE", "session_db_auth"}, {"TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    // What the client wrote itself (6.6.6.6) comes first; 10.1.2.3 is another proxy of ours.
    const std::string token =
        cookie_value(login_with(client, kSessionEmail, kSessionPassword,
                                {{"X-Forwarded-For", "6.6.6.6, 203.0.113.9,10.1.2.3"}}))
            .value_or("");
    REQUIRE_FALSE(token.empty());
    CHECK(session_ip(server) == "203.0.113.9");
    const Response sessions = client.get("/api/v1/users/me/sessions", session_cookie(token));
    CHECK_STATUS(sessions, 200);
    CHECK(sessions.body.find("\"ip\": \"203.0.113.9\"") != std::string::npos);
    CHECK_EMPTY_OBJECT(
        client.del("/api/v1/auth_session/logout",
                   session_cookie(token) + RequestHeaders{{"X-Forwarded-For", "2001:DB8::0:7"}}));

    const std::string log = settled_log(server);
    INFO(log);
    const auto ok = audit_lines(log, "login_ok");
    REQUIRE(ok.size() == 1);
    CHECK(member(ok[0], "ip") == "203.0.113.9");
    const auto logout = audit_lines(log, "logout");
    REQUIRE(logout.size() == 1);
    CHECK(member(logout[0], "ip") == "2001:db8::7");
    CHECK(log.find("POST /api/v1/auth_session/login 200 ") != std::string::npos);
    CHECK(log.find("us 203.0.113.9\n") != std::string::npos);
    CHECK(log.find("us 2001:db8::7\n") != std::string::npos);
}

TEST_CASE("proxies: Forwarded (RFC 7239) is read the same way; CIDRs of both families") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"},
                          {"TRUSTED_PROXIES", "2001:db8::/32, ::ffff:127.0.0.0/104"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    CHECK_STATUS(login_with(client, kSessionEmail, kSessionPassword,
                            {{"Forwarded",
                              "for=6.6.6.6, for=\"[2001:db9::5]:4711\";proto=http, "
                              "for=\"[2001:db8::1]\""}}),
                 200);
    CHECK(session_ip(server) == "2001:db9::5");
}

TEST_CASE("proxies: the per-IP throttle counts each forwarded client on its own") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"},
                          {"TRUSTED_PROXIES", "127.0.0.1"},
                          {"THROTTLE_ACCOUNT_FAILURES", "0"},
                          {"THROTTLE_IP_FAILURES", "2"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const RequestHeaders noisy{{"X-Forwarded-For", "203.0.113.66"}};
    CHECK_STATUS(login_with(client, kSessionEmail, "wrong", noisy), 401);
    CHECK_STATUS(login_with(client, kSessionEmail, "wrong", noisy), 401);
    CHECK_ERROR(login_with(client, kSessionEmail, kSessionPassword, noisy), 429,
                "too many attempts");
    // Another client behind the same proxy is not locked out with it.
    CHECK_STATUS(
        login_with(client, kSessionEmail, kSessionPassword, {{"X-Forwarded-For", "198.51.100.7"}}),
        200);
    const auto throttled = audit_lines(settled_log(server), "login_throttled");
    REQUIRE(throttled.size() == 1);
    CHECK(member(throttled[0], "ip") == "203.0.113.66");
}

TEST_CASE("proxies: a trusted proxy's unreadable forwarding header is refused, and logged") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}, {"TRUSTED_PROXIES", "127.0.0.0/8"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    struct Case {
        RequestHeaders headers;
        const char* logged;
    };
    const Case cases[] = {
        {{{"X-Forwarded-For", "203.0.113.9:4711"}},
         "X-Forwarded-For from trusted proxy 127.0.0.1: '203.0.113.9:4711' is not an IP address"},
        {{{"X-Forwarded-For", "203.0.113.9"}, {"X-Forwarded-For", "6.6.6.6"}},
         "X-Forwarded-For from trusted proxy 127.0.0.1: sent on more than one line"},
        {{{"Forwarded", "for=203.0.113.9"}, {"X-Forwarded-For", "203.0.113.9"}},
         "Forwarded and X-Forwarded-* from trusted proxy 127.0.0.1: both given"},
        {{{"Forwarded", "for=203.0.113.9;proto=gopher"}},
         "Forwarded from trusted proxy 127.0.0.1: proto='gopher' is not http or https"},
        {{{"X-Forwarded-Proto", "https, http"}},
         "X-Forwarded-Proto from trusted proxy 127.0.0.1: 'https, http' is not http or https"},
        {{{"X-Forwarded-Host", "a.example b.example"}},
         "X-Forwarded-Host from trusted proxy 127.0.0.1: 'a.example b.example' is not a "
         "host[:port]"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.logged);
        CHECK_ERROR(login_with(client, kSessionEmail, kSessionPassword, c.headers), 400,
                    "Bad Request");
        CHECK_ERROR(client.get("/api/v1/status", c.headers), 400, "Bad Request");
    }
    const std::string log = settled_log(server);
    for (const Case& c : cases) {
        CAPTURE(c.logged);
        CHECK(log.find(c.logged) != std::string::npos);
    }
    // Nothing lingers: the same proxy is believed again on its next request.
    CHECK_STATUS(client.get("/api/v1/status", {{"X-Forwarded-For", "203.0.113.9"}}), 200);

    // From a peer that is not trusted, the same headers are not even read.
    ServerProcess untrusted(
        {{"AUTH_TYPE", "session_auth"}, {"TRUSTED_PROXIES", "::1, 10.0.0.0/8"}});
    const HttpClient untrusted_client(untrusted.port());
    for (const Case& c : cases) {
        CAPTURE(c.logged);
        CHECK_STATUS(untrusted_client.get("/api/v1/status", c.headers), 200);
    }
}

TEST_CASE("proxies: a bad TRUSTED_PROXIES, PUBLIC_ORIGIN or SESSION_SAMESITE stops the start") {
    const TempDirectory dir;
    struct Case {
        Environment env;
        const char* message;
    };
    const Case cases[] = {
        {{{"TRUSTED_PROXIES", "127.0.0.1, nginx.local"}},
         "TRUSTED_PROXIES='127.0.0.1, nginx.local': 'nginx.local' is not an IP address or CIDR"},
        {{{"TRUSTED_PROXIES", "10.0.0.1/8"}}, "'10.0.0.1/8' is not an IP address or CIDR"},
        {{{"PUBLIC_ORIGIN", "https://auth.example/"}},
         "PUBLIC_ORIGIN='https://auth.example/': 'https://auth.example/' is not an origin"},
        {{{"ALLOWED_ORIGINS", "*"}}, "ALLOWED_ORIGINS='*': '*' is not an origin"},
        {{{"SESSION_SAMESITE", "None"}}, "SESSION_SAMESITE=None needs COOKIE_SECURE=1"},
        {{{"SESSION_SAMESITE", "Loose"}}, "expected Lax, Strict or None"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.message);
        const ProcessResult result =
            run_auth_api({}, test_environment(dir.path() + "/auth.db", c.env));
        CHECK(result.exit_code == 2);
        CHECK(result.err.find(c.message) != std::string::npos);
        CHECK(result.err.find("listening") == std::string::npos);
    }
}

}  // namespace authapi::e2e
