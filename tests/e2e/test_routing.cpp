// Routing: slash tolerance, percent-decoding, unknown routes behind the auth
// gate, 405, HEAD and OPTIONS.
#include <doctest/doctest.h>

#include <regex>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

const Environment kSessionAuth{{"AUTH_TYPE", "session_auth"}};

bool allow_lists(const Response& response, const std::string& method) {
    const std::string allow = response.headers.get("Allow").value_or("");
    return std::regex_search(allow, std::regex("(^|[ ,])" + method + "($|[ ,])"));
}

#define CHECK_ALLOW(response, allowed, not_allowed)            \
    do {                                                       \
        const Response& allow_response_ = (response);          \
        INFO(describe(allow_response_));                       \
        for (const char* method : allowed) {                   \
            CAPTURE(method);                                   \
            CHECK(allow_lists(allow_response_, method));       \
        }                                                      \
        for (const char* method : not_allowed) {               \
            CAPTURE(method);                                   \
            CHECK_FALSE(allow_lists(allow_response_, method)); \
        }                                                      \
    } while (false)

using Methods = std::initializer_list<const char*>;

TEST_CASE("routing: slash tolerance and percent-decoded paths") {
    ServerProcess server;
    const HttpClient client(server.port());
    const std::string id = server.seed_user(kBobEmail, kBobPassword);

    for (const char* path : {"/api/v1/status", "/api/v1/status/", "/api/v1/%73tatus",
                             "/api/v1/%73tatus/", "/api/v1/st%61tus", "/api/v1/status?x=1"}) {
        CAPTURE(path);
        const Response response = client.get(path);
        CHECK_STATUS(response, 200);
        CHECK(text_member(response, "status") == "OK");
    }
    for (const char* path : {"/api/v1/users", "/api/v1/users/", "/api/v1/%75sers"}) {
        CAPTURE(path);
        const Response response = client.get(path);
        CHECK_STATUS(response, 200);
        CHECK(users_of(response).value_or(std::vector<UserJson>{}).size() == 1);
    }
    CHECK_STATUS(client.get("/api/v1/stats/"), 200);
    CHECK(text_member(client.get("/api/v1/users/" + id + "/"), "id") == id);
    CHECK(text_member(client.get("/api/v1/users/" + id + "?x=1"), "id") == id);

    for (const char* path : {"/api/v1/nope", "/", "/api/v1", "/api/v1/users/a/b", "/API/v1/status",
                             "/api/v1/statusX", "/api/v1/status%2Fx"}) {
        CAPTURE(path);
        CHECK_ERROR(client.get(path), 404, "Not found");
    }
}

TEST_CASE("routing: with auth on, an unknown route is 401, 403 or 404 by credentials") {
    ServerProcess server(kSessionAuth);
    const std::string id = server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);

    for (const char* path : {"/api/v1/nope", "/", "/api/v1/users/a/b", "/API/v1/status",
                             "/api/v1/statusX", "/api/v1/status/x"}) {
        CAPTURE(path);
        CHECK_ERROR(client.get(path), 401, "Unauthorized");
        CHECK_ERROR(client.get(path, {{"Authorization", "Test"}}), 403, "Forbidden");
        CHECK_ERROR(client.get(path, session_cookie("not-a-session")), 403, "Forbidden");
        CHECK_ERROR(client.get(path, session_cookie(token)), 404, "Not found");
    }

    // The gate sees the decoded path, without the query string.
    CHECK_STATUS(client.get("/api/v1/%73tatus"), 200);
    CHECK_STATUS(client.get("/api/v1/status?x=1"), 200);
    CHECK_ERROR(client.get("/api/v1/%75sers"), 401, "Unauthorized");
    const Response me = client.get("/api/v1/users/%6De", session_cookie(token));
    CHECK_STATUS(me, 200);
    CHECK(text_member(me, "id") == id);
    CHECK_STATUS(client.post("/api/v1/auth_session/%6Cogin", form_content(),
                             form_body({{"email", kSessionEmail}, {"password", kSessionPassword}})),
                 200);
}

TEST_CASE("routing: a wrong method is 405 with an Allow header") {
    ServerProcess server;
    const HttpClient client(server.port());

    const Response status = client.post("/api/v1/status", json_content(), "{}");
    CHECK_ERROR(status, 405, "Method Not Allowed");
    CHECK_ALLOW(status, (Methods{"GET", "HEAD", "OPTIONS"}), (Methods{"POST", "PUT"}));

    const Response user = client.request("PATCH", "/api/v1/users/x");
    CHECK_ERROR(user, 405, "Method Not Allowed");
    CHECK_ALLOW(user, (Methods{"DELETE", "GET", "HEAD", "PUT"}), (Methods{"PATCH", "POST"}));

    const Response users = client.del("/api/v1/users");
    CHECK_ERROR(users, 405, "Method Not Allowed");
    CHECK_ALLOW(users, (Methods{"GET", "POST"}), (Methods{"DELETE", "PUT"}));

    CHECK_ERROR(client.put("/api/v1/stats", json_content(), "{}"), 405, "Method Not Allowed");
    CHECK_ERROR(client.del("/api/v1/status/"), 405, "Method Not Allowed");
}

TEST_CASE("routing: with auth on, the gate runs before 405") {
    ServerProcess server(kSessionAuth);
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);

    CHECK_ERROR(client.request("PATCH", "/api/v1/users/x"), 401, "Unauthorized");
    CHECK_ERROR(client.request("PATCH", "/api/v1/users/x", {{"Authorization", "Test"}}), 403,
                "Forbidden");
    const Response patch = client.request("PATCH", "/api/v1/users/x", session_cookie(token));
    CHECK_ERROR(patch, 405, "Method Not Allowed");
    CHECK(patch.headers.has("Allow"));

    // Excluded paths answer 405 whatever the credentials.
    CHECK_ERROR(client.post("/api/v1/status", json_content(), "{}"), 405, "Method Not Allowed");
    CHECK_ERROR(client.get("/api/v1/auth_session/login", {{"Authorization", "Test"}}), 405,
                "Method Not Allowed");
    CHECK_ERROR(client.get("/api/v1/auth_session/login/", session_cookie(token)), 405,
                "Method Not Allowed");
}

TEST_CASE("routing: HEAD answers like GET, without a body") {
    ServerProcess server;
    const std::string id = server.seed_user(kBobEmail, kBobPassword);
    const HttpClient client(server.port());

    const Response status = client.request("HEAD", "/api/v1/status");
    CHECK_STATUS(status, 200);
    CHECK(status.body.empty());
    CHECK(status.headers.get("Content-Type").value_or("").rfind("application/json", 0) == 0);
    CHECK(status.headers.get("Access-Control-Allow-Origin") == std::optional<std::string>("*"));

    const Response user = client.request("HEAD", "/api/v1/users/" + id);
    CHECK_STATUS(user, 200);
    CHECK(user.body.empty());

    const Response missing = client.request("HEAD", "/api/v1/nope");
    CHECK_STATUS(missing, 404);
    CHECK(missing.body.empty());

    // No GET, no HEAD.
    const Response login = client.request("HEAD", "/api/v1/auth_session/login");
    CHECK_STATUS(login, 405);
    CHECK(login.body.empty());

    ServerProcess gated(kSessionAuth);
    const HttpClient gated_client(gated.port());
    const Response unauthorized = gated_client.request("HEAD", "/api/v1/users");
    CHECK_STATUS(unauthorized, 401);
    CHECK(unauthorized.body.empty());
}

TEST_CASE("routing: OPTIONS answers 200 with Allow, behind the gate") {
    ServerProcess server;
    const HttpClient client(server.port());

    const Response users = client.request("OPTIONS", "/api/v1/users");
    CHECK_STATUS(users, 200);
    CHECK(users.body.empty());
    CHECK_ALLOW(users, (Methods{"GET", "HEAD", "OPTIONS", "POST"}), (Methods{"DELETE", "PUT"}));
    const Response user = client.request("OPTIONS", "/api/v1/users/x/");
    CHECK_STATUS(user, 200);
    CHECK_ALLOW(user, (Methods{"DELETE", "GET", "HEAD", "OPTIONS", "PUT"}), (Methods{"POST"}));
    CHECK_ERROR(client.request("OPTIONS", "/api/v1/nope"), 404, "Not found");

    ServerProcess gated(kSessionAuth);
    const HttpClient gated_client(gated.port());
    CHECK_ERROR(gated_client.request("OPTIONS", "/api/v1/users"), 401, "Unauthorized");
    const Response status = gated_client.request("OPTIONS", "/api/v1/status");
    CHECK_STATUS(status, 200);
    CHECK_ALLOW(status, (Methods{"GET", "HEAD", "OPTIONS"}), (Methods{"POST"}));
    const Response login = gated_client.request("OPTIONS", "/api/v1/auth_session/login");
    CHECK_STATUS(login, 200);
    CHECK_ALLOW(login, (Methods{"OPTIONS", "POST"}), (Methods{"GET"}));
}

}  // namespace

}  // namespace authapi::e2e
