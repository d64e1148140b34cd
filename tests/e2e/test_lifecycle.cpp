// Startup and shutdown of the server process.
#include <doctest/doctest.h>

#include <csignal>
#include <regex>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

TEST_CASE("SIGTERM and SIGINT stop the server with exit status 0") {
    for (const int signal : {SIGTERM, SIGINT}) {
        CAPTURE(signal);
        ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
        const HttpClient client(server.port());
        CHECK_STATUS(client.get("/api/v1/status"), 200);
        CHECK(server.stop(signal) == 0);
        INFO(server.log());
        CHECK_THROWS_AS(client.get("/api/v1/status"), HttpError);
    }
}

TEST_CASE("the startup line names the address, and the log has no secrets") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(token)), 200);
    CHECK(server.stop() == 0);

    const std::string log = server.log();
    CHECK(log.find("listening on http://127.0.0.1:" + std::to_string(server.port())) !=
          std::string::npos);
    CHECK(log.find(token) == std::string::npos);
    // One access line per request: method, path, status, microseconds, client.
    CHECK(std::regex_search(
        log, std::regex("(^|\n)GET /api/v1/users/me 200 [0-9]+us 127\\.0\\.0\\.1\n")));
    CHECK(std::regex_search(
        log, std::regex("(^|\n)POST /api/v1/auth_session/login 200 [0-9]+us 127\\.0\\.0\\.1\n")));
    // The cookie's attributes are on the startup line.
    CHECK(log.find("cookie: _my_session_id; Path=/; HttpOnly; SameSite=Lax)") != std::string::npos);
    CHECK(log.find(kSessionPassword) == std::string::npos);
}

}  // namespace

}  // namespace authapi::e2e
