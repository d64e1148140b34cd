// Cookie header parsing in session mode (the cases of the task 4 transcript
// and Werkzeug's rules), and headers that Pistache itself cannot parse.
#include <doctest/doctest.h>

#include <vector>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

TEST_CASE("cookies: what does not name the session cookie counts as no cookie") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);

    for (const std::string& cookie : std::vector<std::string>{
             "_my_session_id_fake", ";;", ";", "", " ", "=value", "other=" + token,
             "_my_session_id_fake=" + token, "_MY_SESSION_ID=" + token, "a=b; c=d"}) {
        CAPTURE(cookie);
        CHECK_ERROR(client.get("/api/v1/users/me", {{"Cookie", cookie}}), 401, "Unauthorized");
    }
    CHECK_STATUS(client.get("/api/v1/status"), 200);
}

TEST_CASE("cookies: the session cookie found among others, spaces and quotes") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);

    for (const std::string& cookie : std::vector<std::string>{
             "_my_session_id=" + token, "a=b; _my_session_id=" + token + "; c=d",
             "_my_session_id_fake; _my_session_id=" + token, ";; _my_session_id=" + token + ";;",
             "_my_session_id= " + token + " ", "_my_session_id=\"" + token + "\"",
             "_my_session_id=" + token + "; _my_session_id=bogus"}) {
        CAPTURE(cookie);
        CHECK_STATUS(client.get("/api/v1/users/me", {{"Cookie", cookie}}), 200);
    }
    // A present but unknown value is 403, spaces and all ("C is fun").
    const std::string first_wins = "_my_session_id=bogus; _my_session_id=" + token;
    for (const std::string& cookie :
         std::vector<std::string>{"_my_session_id=Hello", "_my_session_id=C is fun", first_wins,
                                  "_my_session_id=" + token + "x", "_my_session_id=\"" + token}) {
        CAPTURE(cookie);
        CHECK_ERROR(client.get("/api/v1/users/me", {{"Cookie", cookie}}), 403, "Forbidden");
    }
}

TEST_CASE("cookies: logout reads the session cookie the same way") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);

    CHECK_EMPTY_OBJECT(client.del("/api/v1/auth_session/logout",
                                  {{"Cookie", "x=1; _my_session_id=\"" + token + "\"; y"}}));
    CHECK_ERROR(client.get("/api/v1/users/me", session_cookie(token)), 403, "Forbidden");
}

TEST_CASE("malformed Content-Type headers are never a 500") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string form = form_body({{"email", kSessionEmail}, {"password", kSessionPassword}});

    // Not a form: login sees no fields at all.
    for (const char* type :
         {";;;", "garbage", "}{", "application/", "/", "=", "text/plain; =", "application/json"}) {
        CAPTURE(type);
        CHECK_ERROR(client.post("/api/v1/auth_session/login", {{"Content-Type", type}}, form), 400,
                    "email missing");
    }
    // A form type with odd parameters is still a form.
    for (const char* type : {"application/x-www-form-urlencoded; charset",
                             "application/x-www-form-urlencoded;;; =; a=\"",
                             "APPLICATION/X-WWW-FORM-URLENCODED; charset=UTF-8"}) {
        CAPTURE(type);
        CHECK_STATUS(client.post("/api/v1/auth_session/login", {{"Content-Type", type}}, form),
                     200);
    }
    // A multipart type without a boundary cannot be parsed: no fields.
    CHECK_ERROR(
        client.post("/api/v1/auth_session/login", {{"Content-Type", "multipart/form-data"}}, form),
        400, "email missing");

    ServerProcess open;
    const HttpClient open_client(open.port());
    for (const char* type : {";;;", "garbage", "application/json; ;; =", "}{"}) {
        CAPTURE(type);
        const Response response = open_client.post("/api/v1/users", {{"Content-Type", type}},
                                                   R"({"email": "x@hbtn.io", "password": "pw"})");
        CHECK(response.status != 500);
    }
    CHECK_STATUS(open_client.get("/api/v1/status"), 200);
}

}  // namespace

}  // namespace authapi::e2e
