// What Pistache gets wrong on its own at the connection level: keep-alive for
// HTTP/1.1 without a Connection header, closing after "Connection: close",
// malformed request lines, Expect: 100-continue, pipelining, timeouts.
#include <doctest/doctest.h>

#include <chrono>
#include <cstring>
#include <string>

#include "http_client.hpp"
#include "raw_connection.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

const std::string kStatus11 = "GET /api/v1/status HTTP/1.1\r\nHost: localhost\r\n";

TEST_CASE("HTTP/1.1 without a Connection header stays open for the next request") {
    ServerProcess server;
    RawConnection connection(server.port());
    for (int i = 0; i < 3; ++i) {
        connection.send(kStatus11 + "\r\n");
        const std::string response = connection.read_status_response();
        CHECK(response.rfind("HTTP/1.1 200", 0) == 0);
        CHECK(response.find("Connection: Keep-Alive") != std::string::npos);
    }
}

TEST_CASE("Connection: close and HTTP/1.0 close the connection after the answer") {
    ServerProcess server;
    {
        RawConnection connection(server.port());
        connection.send(kStatus11 + "Connection: close\r\n\r\n");
        const std::string response = connection.read_status_response();
        CHECK(response.rfind("HTTP/1.1 200", 0) == 0);
        CHECK(response.find("Connection: Close") != std::string::npos);
        CHECK(connection.closed_by_server());
    }
    {
        RawConnection connection(server.port());
        connection.send("GET /api/v1/status HTTP/1.0\r\n\r\n");
        CHECK(connection.read_status_response().rfind("HTTP/1.0 200", 0) == 0);
        CHECK(connection.closed_by_server());
    }
}

TEST_CASE("Connection options are whole tokens: \"x-close\" is not close") {
    ServerProcess server;
    RawConnection connection(server.port());
    for (const char* options : {"x-close", "keep-alive-ish, closed", "Upgrade, Keep-Alive"}) {
        CAPTURE(options);
        connection.send(kStatus11 + "Connection: " + options + "\r\n\r\n");
        const std::string response = connection.read_status_response();
        CHECK(response.rfind("HTTP/1.1 200", 0) == 0);
        CHECK(response.find("Connection: Keep-Alive") != std::string::npos);
    }
    connection.send(kStatus11 + "Connection: TE, Close\r\n\r\n");
    CHECK(connection.read_status_response().find("Connection: Close") != std::string::npos);
    CHECK(connection.closed_by_server());
}

TEST_CASE("malformed request lines get JSON answers at once, and the server lives on") {
    ServerProcess server;
    const HttpClient client(server.port());
    const std::pair<const char*, int> cases[] = {
        {"GARBAGE\r\n\r\n", 400},
        {"BREW /api/v1/status HTTP/1.1\r\n\r\n", 501},
        {"GET /api/v1/status HTTP/2.0\r\n\r\n", 505},
        {"GET /api/v1/status HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
    };
    for (const auto& [bytes, status] : cases) {
        CAPTURE(bytes);
        const Response response = client.raw_exchange(bytes);
        CHECK(response.status == status);
        CHECK(response.headers.get("Content-Type") ==
              std::optional<std::string>("application/json"));
    }
    CHECK_STATUS(client.get("/api/v1/status"), 200);
}

TEST_CASE("Expect: 100-continue gets a 100 before the body is sent") {
    ServerProcess server;
    RawConnection connection(server.port());
    const std::string body = R"({"email": "c@d.e", "password": "pwd"})";
    connection.send(
        "POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\nExpect: 100-continue\r\n\r\n");
    CHECK(connection.read_until("\r\n\r\n").rfind("HTTP/1.1 100 Continue\r\n\r\n", 0) == 0);
    connection.send(body);
    CHECK(connection.read_until("}\n").rfind("HTTP/1.1 201", 0) == 0);
}

TEST_CASE("a request not finished in time gets a JSON 408; an idle connection is closed") {
    ServerProcess server({{"API_REQUEST_TIMEOUT", "1"}, {"API_KEEPALIVE_TIMEOUT", "1"}});
    {
        RawConnection connection(server.port());
        connection.send(kStatus11);  // the blank line never comes
        const std::string response = connection.read_until("}\n");
        CHECK(response.rfind("HTTP/1.1 408", 0) == 0);
        CHECK(response.find("\"Request Timeout\"") != std::string::npos);
        CHECK(connection.closed_by_server());
    }
    {
        RawConnection connection(server.port());
        connection.send(kStatus11 + "\r\n");
        CHECK(connection.read_status_response().rfind("HTTP/1.1 200", 0) == 0);
        CHECK(connection.closed_by_server());  // about 1 s later, within the 3 s receive timeout
    }
    const HttpClient client(server.port());
    CHECK_STATUS(client.get("/api/v1/status"), 200);
}

TEST_CASE("API_MAX_REQUEST_BYTES bounds the body") {
    ServerProcess server({{"API_MAX_REQUEST_BYTES", "2048"}});
    const HttpClient client(server.port());
    const std::string fits =
        R"({"email": "a@b.c", "password": "pwd", "first_name": ")" + std::string(1500, 'x') + "\"}";
    CHECK_STATUS(client.post("/api/v1/users", json_content(), fits), 201);
    const std::string too_big =
        R"({"email": "b@b.c", "password": "pwd", "first_name": ")" + std::string(3000, 'x') + "\"}";
    CHECK_ERROR(client.post("/api/v1/users", json_content(), too_big), 413,
                "Request Entity Too Large");
}

TEST_CASE("pipelined requests are all answered, in order") {
    ServerProcess server;
    RawConnection connection(server.port());
    const std::string body = R"({"email": "p@q.r", "password": "pwd"})";
    connection.send(kStatus11 + "\r\n" +
                    "POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\n"
                    "Content-Type: application/json\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body +
                    "GET /api/v1/nope HTTP/1.1\r\nHost: localhost\r\n\r\n" + kStatus11 + "\r\n");
    CHECK(connection.read_status_response().rfind("HTTP/1.1 200", 0) == 0);
    const std::string created = connection.read_until("}\n");
    CHECK(created.rfind("HTTP/1.1 201", 0) == 0);
    CHECK(created.find("\"p@q.r\"") != std::string::npos);
    CHECK(connection.read_until("}\n").rfind("HTTP/1.1 404", 0) == 0);
    CHECK(connection.read_status_response().rfind("HTTP/1.1 200", 0) == 0);
}

TEST_CASE("a login in the middle of a pipeline is answered in its place") {
    // The login is answered from the hash worker pool; the request behind it
    // must wait for that answer, not overtake it.
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    RawConnection connection(server.port());
    const std::string form = "email=bobsession%40hbbtn.io&password=fake+pwd";  // kSession*
    connection.send(kStatus11 + "\r\n" +
                    "POST /api/v1/auth_session/login HTTP/1.1\r\nHost: localhost\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                    std::to_string(form.size()) + "\r\n\r\n" + form + kStatus11 + "\r\n" +
                    "POST /api/v1/auth_session/login HTTP/1.1\r\nHost: localhost\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5"
                    "\r\n\r\nemail" +
                    kStatus11 + "\r\n");
    CHECK(connection.read_status_response().rfind("HTTP/1.1 200", 0) == 0);
    const std::string logged_in = connection.read_until("}\n");
    CHECK(logged_in.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(logged_in.find("Set-Cookie: _my_session_id=") != std::string::npos);
    CHECK(connection.read_status_response().rfind("HTTP/1.1 200", 0) == 0);
    const std::string refused = connection.read_until("}\n");
    CHECK(refused.rfind("HTTP/1.1 400", 0) == 0);
    CHECK(refused.find("email missing") != std::string::npos);
    CHECK(connection.read_status_response().rfind("HTTP/1.1 200", 0) == 0);
}

TEST_CASE(
    "requests with a session in a pipeline are answered in order, each after the one before") {
    // On PostgreSQL each of these sends its session lookup ahead and waits
    // for it (SessionLookupPipeline); the requests behind it wait too, and
    // the one after the logout must see it.
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const std::string token =
        login_token(HttpClient(server.port()), kSessionEmail, kSessionPassword);
    const std::string cookie = "Cookie: _my_session_id=" + token + "\r\n";
    const std::string me = "GET /api/v1/users/me HTTP/1.1\r\nHost: localhost\r\n" + cookie;
    RawConnection connection(server.port());
    connection.send(me + "\r\n" + kStatus11 + "\r\n" + me + "\r\n" +
                    "DELETE /api/v1/auth_session/logout HTTP/1.1\r\nHost: localhost\r\n" + cookie +
                    "\r\n" + me + "\r\n" + kStatus11 + "\r\n");
    for (int i = 0; i < 2; ++i) {
        const std::string found = connection.read_until("}\n");
        CHECK(found.rfind("HTTP/1.1 200", 0) == 0);
        CHECK(found.find(kSessionEmail) != std::string::npos);
        if (i == 0) CHECK(connection.read_status_response().rfind("HTTP/1.1 200", 0) == 0);
    }
    const std::string logged_out = connection.read_until("}\n");
    CHECK(logged_out.rfind("HTTP/1.1 200", 0) == 0);
    const std::string refused = connection.read_until("}\n");
    CHECK(refused.rfind("HTTP/1.1 403", 0) == 0);
    CHECK(refused.find("Forbidden") != std::string::npos);
    CHECK(connection.read_status_response().rfind("HTTP/1.1 200", 0) == 0);
}

}  // namespace

}  // namespace authapi::e2e
