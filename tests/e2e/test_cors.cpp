// CORS headers: on every /api/v1 response, errors included, and nowhere else.
#include <doctest/doctest.h>

#include <cctype>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

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

TEST_CASE("CORS: a request with an Origin gets it back, with Vary: Origin") {
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
        CHECK(response.headers.get("Access-Control-Allow-Origin") ==
              std::optional<std::string>(kOrigin));
        CHECK(lower(response.headers.get("Vary").value_or("")).find("origin") != std::string::npos);
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
    CHECK(open.headers.get("Access-Control-Allow-Origin") == std::optional<std::string>(kOrigin));
    CHECK(open.headers.get("Access-Control-Allow-Methods") ==
          std::optional<std::string>("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"));
    CHECK(lower(open.headers.get("Access-Control-Allow-Headers").value_or("")) == "x-foo");

    // A protected path: the preflight carries no credentials.
    const Response gated = client.request("OPTIONS", "/api/v1/users", preflight);
    CHECK_ERROR(gated, 401, "Unauthorized");
    CHECK(gated.headers.get("Access-Control-Allow-Origin") == std::optional<std::string>(kOrigin));
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
