// Cross-site refusal of the cookie API, and Cache-Control on its answers.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "audit_lines.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

std::string login_form() {
    return form_body({{"email", kSessionEmail}, {"password", kSessionPassword}});
}

}  // namespace

TEST_CASE("CSRF: a cross-site login or cookie request is refused; curl and same-origin pass") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string own_origin = "http://127.0.0.1:" + std::to_string(server.port());

    CHECK_ERROR(
        client.post(kLogin, form_content() + RequestHeaders{{"Sec-Fetch-Site", "cross-site"}},
                    login_form()),
        403, "Forbidden");
    CHECK_ERROR(
        client.post(kLogin, form_content() + RequestHeaders{{"Origin", "https://evil.example"}},
                    login_form()),
        403, "Forbidden");
    CHECK_ERROR(
        client.post(kLogin, form_content() + RequestHeaders{{"Origin", "null"}}, login_form()), 403,
        "Forbidden");
    CHECK_STATUS(client.post(kLogin,
                             form_content() + RequestHeaders{{"Sec-Fetch-Site", "same-origin"},
                                                             {"Origin", own_origin}},
                             login_form()),
                 200);
    CHECK_STATUS(client.post(kLogin, form_content() + RequestHeaders{{"Sec-Fetch-Site", "none"}},
                             login_form()),
                 200);
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);  // like curl

    // Unsafe methods with the cookie: refused cross-site, and the session lives on.
    const RequestHeaders cross_site =
        session_cookie(token) + RequestHeaders{{"Sec-Fetch-Site", "cross-site"}};
    CHECK_ERROR(client.del("/api/v1/auth_session/logout", cross_site), 403, "Forbidden");
    CHECK_ERROR(client.post("/api/v1/users",
                            json_content() + session_cookie(token) +
                                RequestHeaders{{"Origin", "https://evil.example"}},
                            R"({"email": "x@y.z", "password": "p"})"),
                403, "Forbidden");
    CHECK_ERROR(client.put("/api/v1/users/me",
                           json_content() + session_cookie(token) +
                               RequestHeaders{{"sec-fetch-site", "Cross-Site"}},
                           R"({"first_name": "Eve"})"),
                403, "Forbidden");
    // Reading is safe: a GET from anywhere is answered (CORS keeps the answer from the page).
    CHECK_STATUS(client.get("/api/v1/users/me", cross_site), 200);
    CHECK_EMPTY_OBJECT(client.del("/api/v1/auth_session/logout", session_cookie(token)));
}

TEST_CASE("CSRF: ALLOWED_ORIGINS adds to the own origin, and lets its cross-site writes in") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"},
                          {"ALLOWED_ORIGINS", "https://app.example, http://localhost:3000"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    CHECK_STATUS(
        client.post(kLogin, form_content() + RequestHeaders{{"Origin", "https://app.example"}},
                    login_form()),
        200);
    CHECK_STATUS(
        client.post(kLogin, form_content() + RequestHeaders{{"Origin", "http://localhost:3000"}},
                    login_form()),
        200);
    // The API's own origin stays allowed.
    CHECK_STATUS(
        client.post(kLogin,
                    form_content() + RequestHeaders{{"Origin", "http://127.0.0.1:" +
                                                                   std::to_string(server.port())},
                                                    {"Sec-Fetch-Site", "same-origin"}},
                    login_form()),
        200);
    // A listed origin may be another site: the browser says cross-site.
    CHECK_STATUS(client.post(kLogin,
                             form_content() + RequestHeaders{{"Origin", "https://app.example"},
                                                             {"Sec-Fetch-Site", "cross-site"}},
                             login_form()),
                 200);
    // Anyone else's cross-site request is refused, listed or not elsewhere.
    CHECK_ERROR(client.post(kLogin,
                            form_content() + RequestHeaders{{"Origin", "https://evil.example"},
                                                            {"Sec-Fetch-Site", "cross-site"}},
                            login_form()),
                403, "Forbidden");
    CHECK_ERROR(
        client.post(kLogin, form_content() + RequestHeaders{{"Sec-Fetch-Site", "cross-site"}},
                    login_form()),
        403, "Forbidden");
}

TEST_CASE("CSRF: behind a proxy that rewrites Host, the refusal is audited with the fix") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string upstream = "127.0.0.1:" + std::to_string(server.port());
    // What a browser sends through nginx's bare proxy_pass: Host is the upstream's.
    const RequestHeaders browser{{"Host", upstream},
                                 {"Origin", "http://auth.example:8080"},
                                 {"Sec-Fetch-Site", "same-origin"}};
    CHECK_ERROR(client.post(kLogin, form_content() + browser, login_form()), 403, "Forbidden");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto refused = audit_lines(server.log(), "csrf_refused");
    REQUIRE(refused.size() == 1);
    const std::string& line = refused.front();
    INFO(line);
    CHECK(member(line, "reason") == "origin");
    CHECK(member(line, "request") == "POST /api/v1/auth_session/login");
    CHECK(member(line, "origin") == "http://auth.example:8080");
    CHECK(member(line, "sec_fetch_site") == "same-origin");
    CHECK(member(line, "host") == upstream);
    CHECK(member(line, "expected") == "http://" + upstream);
    CHECK(member(line, "ip") == "127.0.0.1");
    const std::string hint = member(line, "hint");
    CHECK(hint.find("PUBLIC_ORIGIN=http://auth.example:8080") != std::string::npos);
    CHECK(hint.find("proxy_set_header Host $http_host") != std::string::npos);
    CHECK(hint.find("TRUSTED_PROXIES=127.0.0.1") != std::string::npos);

    // The fix it names works.
    ServerProcess fixed(
        {{"AUTH_TYPE", "session_auth"}, {"PUBLIC_ORIGIN", "http://auth.example:8080"}});
    fixed.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient fixed_client(fixed.port());
    RequestHeaders through_proxy = browser;
    through_proxy[0].second = "127.0.0.1:" + std::to_string(fixed.port());
    CHECK_STATUS(fixed_client.post(kLogin, form_content() + through_proxy, login_form()), 200);
    // PUBLIC_ORIGIN is the own origin: the Host it replaces no longer counts.
    const RequestHeaders direct{{"Origin", "http://127.0.0.1:" + std::to_string(fixed.port())}};
    CHECK_ERROR(fixed_client.post(kLogin, form_content() + direct, login_form()), 403, "Forbidden");
}

TEST_CASE("CSRF: scheme and host as a trusted proxy reports them make the own origin") {
    const RequestHeaders tls_proxy{{"Origin", "https://auth.example"},
                                   {"Sec-Fetch-Site", "same-origin"},
                                   {"X-Forwarded-For", "203.0.113.9"},
                                   {"X-Forwarded-Proto", "https"},
                                   {"X-Forwarded-Host", "auth.example"}};
    ServerProcess trusted({{"AUTH_TYPE", "session_auth"}, {"TRUSTED_PROXIES", "127.0.0.1"}});
    trusted.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(trusted.port());
    CHECK_STATUS(client.post(kLogin, form_content() + tls_proxy, login_form()), 200);
    // https page, but the proxy forgot X-Forwarded-Proto: not the same origin.
    RequestHeaders no_proto = tls_proxy;
    no_proto.erase(no_proto.begin() + 3);
    CHECK_ERROR(client.post(kLogin, form_content() + no_proto, login_form()), 403, "Forbidden");

    // The same headers from a proxy nobody said to trust count for nothing.
    ServerProcess untrusted({{"AUTH_TYPE", "session_auth"}});
    untrusted.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient untrusted_client(untrusted.port());
    RequestHeaders host_kept = tls_proxy;
    host_kept.emplace_back("Host", "auth.example");  // nginx: proxy_set_header Host $host
    CHECK_ERROR(untrusted_client.post(kLogin, form_content() + host_kept, login_form()), 403,
                "Forbidden");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto refused = audit_lines(untrusted.log(), "csrf_refused");
    REQUIRE(refused.size() == 1);
    INFO(refused.front());
    CHECK(member(refused.front(), "expected") == "http://auth.example");
    const std::string hint = member(refused.front(), "hint");
    CHECK(hint.find("plain http") != std::string::npos);
    CHECK(hint.find("TRUSTED_PROXIES=127.0.0.1") != std::string::npos);
    CHECK(hint.find("X-Forwarded-Proto") != std::string::npos);
}

TEST_CASE("CSRF: a cross-site refusal is audited as such") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    CHECK_ERROR(
        client.del("/api/v1/auth_session/logout",
                   session_cookie(token) + RequestHeaders{{"Origin", "http://attacker.example"},
                                                          {"Sec-Fetch-Site", "cross-site"}}),
        403, "Forbidden");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto refused = audit_lines(server.log(), "csrf_refused");
    REQUIRE(refused.size() == 1);
    INFO(refused.front());
    CHECK(member(refused.front(), "reason") == "sec_fetch_site");
    CHECK(member(refused.front(), "request") == "DELETE /api/v1/auth_session/logout");
    CHECK(member(refused.front(), "origin") == "http://attacker.example");
    CHECK(member(refused.front(), "sec_fetch_site") == "cross-site");
    CHECK(member(refused.front(), "hint").find("ALLOWED_ORIGINS") != std::string::npos);
    CHECK(server.log().find(token) == std::string::npos);
}

TEST_CASE("CSRF: requests without the session cookie are not its business") {
    ServerProcess server({{"AUTH_TYPE", "basic_auth"}});
    server.seed_user(kBobEmail, kBobPassword);
    const HttpClient client(server.port());
    CHECK_STATUS(client.post("/api/v1/users",
                             json_content() + basic_auth(kBobEmail, kBobPassword) +
                                 RequestHeaders{{"Origin", "https://evil.example"}},
                             R"({"email": "x@y.z", "password": "p"})"),
                 201);
}

TEST_CASE("Cache-Control: no-store on answers that set cookies or carry user data") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const Response logged_in = login(client, kSessionEmail, kSessionPassword);
    const std::string token = cookie_value(logged_in).value_or("");
    const Response answers[] = {
        logged_in,
        login(client, kSessionEmail, "wrong"),
        client.get("/api/v1/users/me", session_cookie(token)),
        client.get("/api/v1/users", session_cookie(token)),
        client.get("/api/v1/users/me"),
        client.del("/api/v1/auth_session/logout", session_cookie(token)),
    };
    for (const Response& response : answers) {
        INFO(describe(response));
        CHECK(response.headers.get("Cache-Control") == std::optional<std::string>("no-store"));
    }
}

}  // namespace authapi::e2e
