// Faults inside a request: the database failing under the server, a request
// in flight at shutdown, and bodies above Pistache's own 4 KiB default.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <future>
#include <thread>

#include "json_body.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

SQLite::Database open_database(const std::string& path) {
    SQLite::Database db(path, SQLite::OPEN_READWRITE, 5000);
    return db;
}

TEST_CASE("a failing database is a JSON 503, never SQLite's text, and the server lives on") {
    ServerProcess server;
    const HttpClient client(server.port());
    CHECK_STATUS(
        client.post("/api/v1/users", json_content(), R"({"email": "a@b.c", "password": "pwd"})"),
        201);
    {
        auto db = open_database(server.db_path());
        db.exec("DROP TABLE user_sessions; DROP TABLE users;");
    }
    const Response list = client.get("/api/v1/users");
    CHECK_ERROR(list, 503, "Service Unavailable");
    CHECK(list.body.find("no such table") == std::string::npos);
    CHECK(list.headers.get("Access-Control-Allow-Origin") == std::optional<std::string>("*"));
    CHECK_ERROR(
        client.post("/api/v1/users", json_content(), R"({"email": "x@b.c", "password": "pwd"})"),
        503, "Service Unavailable");
    CHECK_STATUS(client.get("/api/v1/status"), 200);
    CHECK(server.log().find("no such table") != std::string::npos);  // the detail is logged
    CHECK(server.stop() == 0);
}

TEST_CASE("SIGTERM lets a request in flight finish") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port(), std::chrono::seconds(10));

    // Holding the write lock parks the login at its session INSERT (the
    // server's busy timeout is 5 s), so it is certainly in flight below.
    auto db = open_database(server.db_path());
    db.exec("BEGIN IMMEDIATE");
    auto login_result = std::async(std::launch::async,
                                   [&] { return login(client, kSessionEmail, kSessionPassword); });
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    REQUIRE(login_result.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
    auto exit_code = std::async(std::launch::async, [&] { return server.stop(SIGTERM); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(exit_code.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);
    db.exec("COMMIT");

    const Response response = login_result.get();
    CHECK_STATUS(response, 200);
    CHECK(cookie_value(response, "_my_session_id"));
    CHECK(exit_code.get() == 0);
}

TEST_CASE("requests above Pistache's 4 KiB default are served") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    // A 60 KB form (with a long padding field) still logs in.
    const std::string padding(60 * 1024, 'p');
    const Response response = client.post(
        "/api/v1/auth_session/login", form_content(),
        form_body(
            {{"email", kSessionEmail}, {"password", kSessionPassword}, {"padding", padding}}));
    CHECK_STATUS(response, 200);
    // And a 20 KB cookie header, with the session cookie last.
    const std::string token = *cookie_value(response, "_my_session_id");
    const std::string big_cookie =
        "junk=" + std::string(20 * 1024, 'j') + "; _my_session_id=" + token;
    CHECK_STATUS(client.get("/api/v1/users/me", {{"Cookie", big_cookie}}), 200);
}

}  // namespace

}  // namespace authapi::e2e
