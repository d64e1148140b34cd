// Cross-site refusal of the cookie API, and Cache-Control on its answers.
#include <doctest/doctest.h>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

const std::string kLogin = "/api/v1/auth_session/login";

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

TEST_CASE("CSRF: ALLOWED_ORIGINS replaces the own-host default") {
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
    CHECK_ERROR(
        client.post(kLogin,
                    form_content() + RequestHeaders{{"Origin", "http://127.0.0.1:" +
                                                                   std::to_string(server.port())}},
                    login_form()),
        403, "Forbidden");
    // Sec-Fetch-Site: cross-site is refused whatever the Origin list says.
    CHECK_ERROR(client.post(kLogin,
                            form_content() + RequestHeaders{{"Origin", "https://app.example"},
                                                            {"Sec-Fetch-Site", "cross-site"}},
                            login_form()),
                403, "Forbidden");
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
