// AUTH_TYPE unset and AUTH_TYPE=auth, and the configuration a server refuses
// to start with.
#include <doctest/doctest.h>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

TEST_CASE("AUTH_TYPE unset: everything is open, and there is no login") {
    ServerProcess server;
    const std::string id = server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());

    CHECK_STATUS(client.get("/api/v1/users"), 200);
    CHECK_STATUS(client.get("/api/v1/stats"), 200);
    CHECK_STATUS(client.get("/api/v1/users/" + id), 200);
    // Credentials are ignored, whatever they are.
    CHECK_STATUS(client.get("/api/v1/users", {{"Authorization", "Test"}}), 200);
    CHECK_STATUS(client.get("/api/v1/users", session_cookie("junk")), 200);
    CHECK_STATUS(client.post("/api/v1/users", json_content(),
                             R"({"email": "open@hbtn.io", "password": "pw"})"),
                 201);

    // Nobody is authenticated: /users/me is not found (the reference crashed).
    CHECK_ERROR(client.get("/api/v1/users/me"), 404, "Not found");
    CHECK_ERROR(client.get("/api/v1/users/me", {{"Authorization", kBobBasic}}), 404, "Not found");

    // No session mode, no login route: even valid credentials get 404.
    CHECK_ERROR(login(client, kSessionEmail, kSessionPassword), 404, "Not found");
    CHECK_ERROR(client.request("POST", kLogin), 404, "Not found");
    CHECK_ERROR(client.del("/api/v1/auth_session/logout", session_cookie("junk")), 404,
                "Not found");

    CHECK_ERROR(client.get("/api/v1/unauthorized"), 401, "Unauthorized");
    CHECK_ERROR(client.get("/api/v1/forbidden"), 403, "Forbidden");
}

TEST_CASE("AUTH_TYPE=auth: no credentials are 401, any credentials 403") {
    ServerProcess server({{"AUTH_TYPE", "auth"}});
    server.seed_user(kBobEmail, kBobPassword);
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());

    for (const char* path : {"/api/v1/users", "/api/v1/users/me", "/api/v1/stats"}) {
        CAPTURE(path);
        CHECK_ERROR(client.get(path), 401, "Unauthorized");
        CHECK_ERROR(client.get(path, {{"Authorization", kBobBasic}}), 403, "Forbidden");
        CHECK_ERROR(client.get(path, {{"Authorization", "Test"}}), 403, "Forbidden");
        CHECK_ERROR(client.get(path, session_cookie("5535d4d7-3d77-4d06-8281-495dc3acfe76")), 403,
                    "Forbidden");
    }

    // The excluded paths stay open.
    CHECK_STATUS(client.get("/api/v1/status"), 200);
    CHECK_STATUS(client.get("/api/v1/status/"), 200);
    CHECK_ERROR(client.get("/api/v1/unauthorized"), 401, "Unauthorized");
    CHECK_ERROR(client.get("/api/v1/unauthorized", {{"Authorization", kBobBasic}}), 401,
                "Unauthorized");
    CHECK_ERROR(client.get("/api/v1/forbidden"), 403, "Forbidden");
    // The login path is excluded, but there is no login in this mode.
    CHECK_ERROR(login(client, kSessionEmail, kSessionPassword), 404, "Not found");
}

void check_refused(const Environment& overrides, const std::string& variable) {
    TempDirectory dir;
    const ProcessResult result = run_auth_api({}, test_environment(dir.file("auth.db"), overrides));
    INFO("stderr: " << result.err);
    CHECK_FALSE(result.timed_out);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("listening on") == std::string::npos);
    CHECK(result.err.find(variable) != std::string::npos);
}

TEST_CASE("an invalid AUTH_TYPE stops the server, naming the valid values") {
    for (const char* value : {"session", "Session_Auth", "jwt", "basic_auth "}) {
        CAPTURE(value);
        TempDirectory dir;
        const ProcessResult result =
            run_auth_api({}, test_environment(dir.file("auth.db"), {{"AUTH_TYPE", value}}));
        INFO("stderr: " << result.err);
        CHECK_FALSE(result.timed_out);
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("listening on") == std::string::npos);
        for (const char* valid :
             {"auth", "basic_auth", "session_auth", "session_exp_auth", "session_db_auth"}) {
            CHECK(result.err.find(valid) != std::string::npos);
        }
    }
}

TEST_CASE("a SESSION_DURATION beyond ten years stops the server") {
    for (const char* duration :
         {"9223372036854775807", "300000000000", "99999999999999999999999", "316224001"}) {
        CAPTURE(duration);
        check_refused({{"AUTH_TYPE", "session_db_auth"}, {"SESSION_DURATION", duration}},
                      "SESSION_DURATION");
    }
    // Ten years, or anything <= 0 (however large), still starts.
    for (const char* duration : {"316224000", "-99999999999999999999999"}) {
        CAPTURE(duration);
        ServerProcess server({{"AUTH_TYPE", "session_db_auth"}, {"SESSION_DURATION", duration}});
        server.seed_user(kSessionEmail, kSessionPassword);
        CHECK_STATUS(login(HttpClient(server.port()), kSessionEmail, kSessionPassword), 200);
    }
}

TEST_CASE("an invalid API_PORT, API_THREADS or SESSION_NAME stops the server") {
    for (const char* port : {"abc", "65536", "-1", "80x", ""}) {
        CAPTURE(port);
        check_refused({{"API_PORT", port}}, "API_PORT");
    }
    for (const char* threads : {"0", "two", "-3"}) {
        CAPTURE(threads);
        check_refused({{"API_THREADS", threads}}, "API_THREADS");
    }
    for (const char* name : {"my session", "a;b", "a=b", "a,b"}) {
        CAPTURE(name);
        check_refused({{"SESSION_NAME", name}}, "SESSION_NAME");
    }
}

TEST_CASE("SESSION_NAME names the cookie that is set and read") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}, {"SESSION_NAME", "sid"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());

    const Response response = login(client, kSessionEmail, kSessionPassword);
    CHECK_STATUS(response, 200);
    const auto token = cookie_value(response, "sid");
    REQUIRE(token.has_value());
    CHECK_FALSE(set_cookie_for(response, kSessionName).has_value());
    CHECK_STATUS(client.get("/api/v1/users/me", {{"Cookie", "sid=" + *token}}), 200);
    // The default name is now just another cookie.
    CHECK_ERROR(client.get("/api/v1/users/me", session_cookie(*token)), 401, "Unauthorized");
}

}  // namespace

}  // namespace authapi::e2e
