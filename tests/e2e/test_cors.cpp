// CORS headers: on every /api/v1 response, errors included, and nowhere else.
#include <doctest/doctest.h>

#include <cctype>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"
#include "session_rows.hpp"

namespace authapi::e2e {

namespace {

constexpr const char* kOrigin = "http://example.com";

std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

TEST_CASE("CORS: Access-Control-Allow-Origin on every /api/v1 response") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    const std::string id = server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    const RequestHeaders cookie = session_cookie(token);

    struct Exchange {
        const char* what;
        Response response;
        int status;
    };
    const Exchange exchanges[] = {
        {"status", client.get("/api/v1/status"), 200},
        {"no credentials", client.get("/api/v1/users"), 401},
        {"bad credentials", client.get("/api/v1/users", {{"Authorization", "Test"}}), 403},
        {"unknown route", client.get("/api/v1/nope", cookie), 404},
        {"unknown user", client.get("/api/v1/users/nope", cookie), 404},
        {"wrong method", client.get("/api/v1/auth_session/login"), 405},
        {"login without email", client.request("POST", "/api/v1/auth_session/login"), 400},
        {"login", login(client, kSessionEmail, kSessionPassword), 200},
        {"bad user body", client.post("/api/v1/users", cookie, "junk"), 400},
        {"created",
         client.post("/api/v1/users", cookie + json_content(),
                     R"({"email": "new@hbtn.io", "password": "pw"})"),
         201},
        {"me", client.get("/api/v1/users/me", cookie), 200},
        {"user", client.get("/api/v1/users/" + id, cookie), 200},
        {"options", client.request("OPTIONS", "/api/v1/status"), 200},
        {"head", client.request("HEAD", "/api/v1/users"), 401},
        {"upper-case prefix", client.get("/API/V1/status"), 401},
        {"logout", client.del("/api/v1/auth_session/logout", cookie), 200},
    };
    for (const Exchange& exchange : exchanges) {
        CAPTURE(exchange.what);
        INFO(describe(exchange.response));
        CHECK(exchange.response.status == exchange.status);
        CHECK(exchange.response.headers.get_all("Access-Control-Allow-Origin") ==
              std::vector<std::string>{"*"});
        // No credentials mode: browsers cannot send the cookie cross-origin.
        CHECK_FALSE(exchange.response.headers.has("Access-Control-Allow-Credentials"));
    }
}

TEST_CASE("CORS: an unlisted Origin gets *, never itself, never credentials") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    const RequestHeaders origin{{"Origin", kOrigin}};

    const Response responses[] = {
        client.get("/api/v1/status", origin),
        client.get("/api/v1/users", origin),
        client.get("/api/v1/users", origin + RequestHeaders{{"Authorization", "Test"}}),
        client.get("/api/v1/nope", origin + session_cookie(token)),
        client.get("/api/v1/auth_session/login", origin),
        client.get("/api/v1/users/me", origin + session_cookie(token)),
    };
    for (const Response& response : responses) {
        INFO(describe(response));
        CHECK(response.headers.get_all("Access-Control-Allow-Origin") ==
              std::vector<std::string>{"*"});
        CHECK_FALSE(response.headers.has("Access-Control-Allow-Credentials"));
        // Without ALLOWED_ORIGINS nothing depends on the Origin.
        CHECK_FALSE(response.headers.has("Vary"));
    }
}

TEST_CASE("CORS: preflight requests") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    const HttpClient client(server.port());
    const RequestHeaders preflight{{"Origin", kOrigin},
                                   {"Access-Control-Request-Method", "POST"},
                                   {"Access-Control-Request-Headers", "X-Foo"}};

    const Response open = client.request("OPTIONS", "/api/v1/auth_session/login", preflight);
    CHECK_STATUS(open, 200);
    CHECK(open.headers.get("Access-Control-Allow-Origin") == std::optional<std::string>("*"));
    CHECK(open.headers.get("Access-Control-Allow-Methods") ==
          std::optional<std::string>("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"));
    CHECK(lower(open.headers.get("Access-Control-Allow-Headers").value_or("")) == "x-foo");

    // A protected path: the preflight carries no credentials, and an
    // unlisted origin's preflight meets the gate as before.
    const Response gated = client.request("OPTIONS", "/api/v1/users", preflight);
    CHECK_ERROR(gated, 401, "Unauthorized");
    CHECK(gated.headers.get("Access-Control-Allow-Origin") == std::optional<std::string>("*"));
}

TEST_CASE("CORS: a listed origin gets credentialed answers, and its preflights before the gate") {
    constexpr const char* kSpa = "http://spa.example:3000";
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}, {"ALLOWED_ORIGINS", kSpa}});
    const std::string id = server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const RequestHeaders preflight{{"Origin", kSpa},
                                   {"Access-Control-Request-Method", "PUT"},
                                   {"Access-Control-Request-Headers", "content-type"}};
    // Every route, protected or not, known or not: a preflight has no credentials to show.
    for (const std::string& path :
         std::vector<std::string>{"/api/v1/users/me", "/api/v1/users/" + id, "/api/v1/users",
                                  "/api/v1/auth_session/logout", "/api/v1/auth_session/login",
                                  "/api/v1/users/me/sessions", "/api/v1/nope"}) {
        CAPTURE(path);
        const Response response = client.request("OPTIONS", path, preflight);
        CHECK_STATUS(response, 204);
        CHECK(response.body.empty());
        CHECK(response.headers.get_all("Access-Control-Allow-Origin") ==
              std::vector<std::string>{kSpa});
        CHECK(response.headers.get("Access-Control-Allow-Credentials") ==
              std::optional<std::string>("true"));
        CHECK(response.headers.get("Vary") == std::optional<std::string>("Origin"));
        CHECK(response.headers.get("Access-Control-Allow-Methods") ==
              std::optional<std::string>("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"));
        CHECK(response.headers.get("Access-Control-Allow-Headers") ==
              std::optional<std::string>("content-type"));
        CHECK(response.headers.get("Access-Control-Max-Age") == std::optional<std::string>("600"));
    }

    const RequestHeaders from_spa{{"Origin", kSpa}, {"Sec-Fetch-Site", "cross-site"}};
    const Response logged_in = login_with(client, kSessionEmail, kSessionPassword, from_spa);
    CHECK_STATUS(logged_in, 200);
    const std::string token = cookie_value(logged_in).value_or("");
    const Response answers[] = {
        logged_in,
        client.get("/api/v1/users/me", from_spa + session_cookie(token)),
        client.get("/api/v1/users/me", from_spa),  // 401: errors too
        client.put("/api/v1/users/me", from_spa + session_cookie(token) + json_content(),
                   R"({"first_name": "Spa"})"),
        client.del("/api/v1/auth_session/logout", from_spa + session_cookie(token)),
    };
    for (const Response& response : answers) {
        INFO(describe(response));
        CHECK(response.status != 403);
        CHECK(response.headers.get_all("Access-Control-Allow-Origin") ==
              std::vector<std::string>{kSpa});
        CHECK(response.headers.get("Access-Control-Allow-Credentials") ==
              std::optional<std::string>("true"));
        CHECK(response.headers.get("Vary") == std::optional<std::string>("Origin"));
    }

    // Anyone else: *, no credentials, and the preflight still meets the gate.
    RequestHeaders other = preflight;
    other[0].second = "http://spa.example:3001";
    const Response refused = client.request("OPTIONS", "/api/v1/users/me", other);
    CHECK_ERROR(refused, 401, "Unauthorized");
    CHECK(refused.headers.get_all("Access-Control-Allow-Origin") == std::vector<std::string>{"*"});
    CHECK_FALSE(refused.headers.has("Access-Control-Allow-Credentials"));
    CHECK(refused.headers.get("Vary") == std::optional<std::string>("Origin"));
}

TEST_CASE("CORS: no CORS headers outside /api/v1") {
    ServerProcess server;
    const HttpClient client(server.port());
    for (const char* path : {"/", "/status", "/api/v2/status", "/apiv1"}) {
        CAPTURE(path);
        const Response response = client.get(path, {{"Origin", kOrigin}});
        CHECK_ERROR(response, 404, "Not found");
        CHECK_FALSE(response.headers.has("Access-Control-Allow-Origin"));
    }

    ServerProcess gated({{"AUTH_TYPE", "session_auth"}});
    const HttpClient gated_client(gated.port());
    const Response unauthorized = gated_client.get("/");
    CHECK_ERROR(unauthorized, 401, "Unauthorized");
    CHECK_FALSE(unauthorized.headers.has("Access-Control-Allow-Origin"));
}

}  // namespace

}  // namespace authapi::e2e
