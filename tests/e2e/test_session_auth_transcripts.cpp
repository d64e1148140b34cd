// Tasks 1, 5, 7 and 8 of the session project, as their curl transcripts run
// them, with AUTH_TYPE=session_auth and SESSION_NAME=_my_session_id.
#include <doctest/doctest.h>

#include <regex>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

const Environment kSessionAuth{{"AUTH_TYPE", "session_auth"}};

// What `curl -d a -d b` sends: the fields joined by '&', as typed (not encoded).
Response curl_post_data(const HttpClient& client, const std::string& data) {
    return client.post(kLogin, form_content(), data);
}

bool allow_lists(const Response& response, const std::string& method) {
    const std::string allow = response.headers.get("Allow").value_or("");
    return std::regex_search(allow, std::regex("(^|[ ,])" + method + "($|[ ,])"));
}

TEST_CASE("session_auth: the task 1 transcript") {
    ServerProcess server(kSessionAuth);
    const HttpClient client(server.port());

    const Response status = client.get("/api/v1/status");
    CHECK_STATUS(status, 200);
    CHECK(text_member(status, "status") == "OK");
    const Response status_slash = client.get("/api/v1/status/");
    CHECK_STATUS(status_slash, 200);
    CHECK(text_member(status_slash, "status") == "OK");

    CHECK_ERROR(client.get("/api/v1/users"), 401, "Unauthorized");
    CHECK_ERROR(client.get("/api/v1/users", {{"Authorization", "Test"}}), 403, "Forbidden");
}

TEST_CASE("session_auth: the task 5 transcript") {
    ServerProcess server(kSessionAuth);
    server.seed_user(kBobEmail, kBobPassword);
    const HttpClient client(server.port());

    CHECK_STATUS(client.get("/api/v1/status"), 200);

    // Task 5 got 404 (the route did not exist yet); since task 7 it is POST-only.
    const Response login_get = client.get(kLogin);
    CHECK_ERROR(login_get, 405, "Method Not Allowed");
    CHECK(allow_lists(login_get, "POST"));
    CHECK_FALSE(allow_lists(login_get, "GET"));

    CHECK_ERROR(client.get("/api/v1/users/me"), 401, "Unauthorized");
    // The transcript's header (sic: "aw86"), and a valid one: no Basic in this mode.
    CHECK_ERROR(client.get("/api/v1/users/me",
                           {{"Authorization", "Basic Ym9iQGhidG4uaw86SDBsYmVydG9uU2Nob29sOTgh"}}),
                403, "Forbidden");
    CHECK_ERROR(client.get("/api/v1/users/me", {{"Authorization", kBobBasic}}), 403, "Forbidden");
    CHECK_ERROR(client.get("/api/v1/users/me",
                           {{"Cookie", "_my_session_id=5535d4d7-3d77-4d06-8281-495dc3acfe76"}}),
                403, "Forbidden");
}

TEST_CASE("session_auth: the task 7 transcript (login)") {
    ServerProcess server(kSessionAuth);
    const std::string id = server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());

    const Response get = client.get(kLogin);
    CHECK_ERROR(get, 405, "Method Not Allowed");
    CHECK(get.headers.has("Allow"));

    // curl -XPOST: no body, no Content-Type.
    CHECK_ERROR(client.request("POST", kLogin), 400, "email missing");
    CHECK_ERROR(curl_post_data(client, "email=guillaume@hbbtn.io"), 400, "password missing");
    CHECK_ERROR(curl_post_data(client, "email=guillaume@hbbtn.io&password=test"), 404,
                "no user found for this email");
    CHECK_ERROR(curl_post_data(client, "email=bobsession@hbbtn.io&password=test"), 401,
                "wrong password");

    const Response ok = curl_post_data(client, "email=bobsession@hbbtn.io&password=fake pwd");
    INFO(describe(ok));
    CHECK(ok.status == 200);
    CHECK(ok.headers.get("Content-Type").value_or("").rfind("application/json", 0) == 0);
    CHECK(ok.headers.get("Access-Control-Allow-Origin") == std::optional<std::string>("*"));
    const auto user = user_of(ok);
    REQUIRE(user.has_value());
    CHECK(user->keys == kUserKeys);
    CHECK(user->id == id);
    CHECK(user->email == std::optional<std::string>(kSessionEmail));
    CHECK_FALSE(user->first_name.has_value());
    CHECK_FALSE(user->last_name.has_value());
    CHECK(is_timestamp(user->created_at));
    CHECK(is_timestamp(user->updated_at));

    const auto cookies = ok.headers.get_all("Set-Cookie");
    REQUIRE(cookies.size() == 1);
    std::smatch match;
    const std::regex pattern("_my_session_id=([A-Za-z0-9_-]{43}); Path=/; HttpOnly; SameSite=Lax");
    CHECK(std::regex_match(cookies[0], match, pattern));
    const std::string token = cookie_value(ok).value_or("");
    CHECK(is_session_token(token));

    const Response me = client.get("/api/v1/users/me", session_cookie(token));
    CHECK_STATUS(me, 200);
    const auto me_user = user_of(me);
    REQUIRE(me_user.has_value());
    CHECK(me_user->id == id);
    CHECK(me_user->email == std::optional<std::string>(kSessionEmail));
    CHECK(me_user->keys == kUserKeys);

    // A second login is a second, different session.
    const std::string other = login_token(client, kSessionEmail, kSessionPassword);
    CHECK(other != token);
}

TEST_CASE("session_auth: the task 8 transcript (logout)") {
    ServerProcess server(kSessionAuth);
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());

    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(token)), 200);

    const Response get = client.get(kLogout, session_cookie(token));
    CHECK_ERROR(get, 405, "Method Not Allowed");
    CHECK(allow_lists(get, "DELETE"));
    CHECK_FALSE(allow_lists(get, "GET"));

    const Response logout = client.del(kLogout, session_cookie(token));
    CHECK_EMPTY_OBJECT(logout);
    // Spec A6: logout answers with an expiring cookie of the same name.
    const std::string expiring = set_cookie_for(logout).value_or("<none>");
    INFO("logout Set-Cookie: " << expiring);
    CHECK((expiring.find("Max-Age=0") != std::string::npos ||
           expiring.find("Expires=Thu, 01 Jan 1970") != std::string::npos));

    CHECK_ERROR(client.get("/api/v1/users/me", session_cookie(token)), 403, "Forbidden");
    // Logout is behind the gate: a dead session is 403, no session 401.
    CHECK_ERROR(client.del(kLogout, session_cookie(token)), 403, "Forbidden");
    CHECK_ERROR(client.del(kLogout), 401, "Unauthorized");
    CHECK_ERROR(client.get(kLogout), 401, "Unauthorized");

    // Slash tolerant.
    const std::string again = login_token(client, kSessionEmail, kSessionPassword);
    CHECK_EMPTY_OBJECT(client.del(std::string(kLogout) + "/", session_cookie(again)));
    CHECK_ERROR(client.get("/api/v1/users/me", session_cookie(again)), 403, "Forbidden");
}

TEST_CASE("session_auth: two sessions of one user are independent") {
    ServerProcess server(kSessionAuth);
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());

    const std::string first = login_token(client, kSessionEmail, kSessionPassword);
    const std::string second = login_token(client, kSessionEmail, kSessionPassword);
    CHECK(first != second);
    CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(first)), 200);
    CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(second)), 200);

    CHECK_EMPTY_OBJECT(client.del(kLogout, session_cookie(first)));
    CHECK_ERROR(client.get("/api/v1/users/me", session_cookie(first)), 403, "Forbidden");
    CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(second)), 200);
}

TEST_CASE("session_auth: a valid cookie wins over any Authorization header") {
    ServerProcess server(kSessionAuth);
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);

    CHECK_STATUS(client.get("/api/v1/users/me",
                            RequestHeaders{{"Authorization", "Test"}} + session_cookie(token)),
                 200);
    // The 401 carries no WWW-Authenticate (the reference sends none).
    const Response unauthorized = client.get("/api/v1/users");
    CHECK_STATUS(unauthorized, 401);
    CHECK_FALSE(unauthorized.headers.has("WWW-Authenticate"));
}

}  // namespace

}  // namespace authapi::e2e
