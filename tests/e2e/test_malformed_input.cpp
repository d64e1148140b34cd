// Malformed input is refused, never a 500, and never takes the server down.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

// Still up, and still answering properly.
#define CHECK_ALIVE(server, client)                             \
    do {                                                        \
        CHECK((server).running());                              \
        const Response alive_ = (client).get("/api/v1/status"); \
        CHECK_STATUS(alive_, 200);                              \
    } while (false)

TEST_CASE("malformed Basic credentials are 403") {
    ServerProcess server({{"AUTH_TYPE", "basic_auth"}});
    server.seed_user(kBobEmail, kBobPassword);
    const HttpClient client(server.port());

    for (const std::string& header : std::vector<std::string>{
             std::string("Basic !!!notbase64"), std::string("Basic Ym9i"), std::string("Basic ="),
             std::string("Basic ===="), "Basic " + base64("\xff\xfe:H0lbertonSchool98!"),
             "Basic " + base64("bob@hbtn.io:\xc3\x28"),
             "Basic " + base64(std::string("bob\0@hbtn.io:x", 14)),
             std::string("Basic \xff\xfe\xfd"), std::string("Basic ") + std::string(5000, 'A'),
             std::string("Bearer x")}) {
        CAPTURE(header);
        CHECK_ERROR(client.get("/api/v1/users", {{"Authorization", header}}), 403, "Forbidden");
    }
    CHECK_ALIVE(server, client);
    CHECK_STATUS(client.get("/api/v1/users", {{"Authorization", kBobBasic}}), 200);
}

TEST_CASE("invalid UTF-8 and odd JSON are 400, never 500") {
    ServerProcess server;
    const HttpClient client(server.port());

    CHECK_ERROR(client.post("/api/v1/users", json_content(),
                            "{\"email\": \"\xff\xfe@hbtn.io\", \"password\": \"pw\"}"),
                400, "Wrong format");
    CHECK_ERROR(client.post("/api/v1/users", json_content(),
                            "{\"email\": \"a@hbtn.io\", \"password\": \"\xc3\x28\"}"),
                400, "Wrong format");
    CHECK_ERROR(client.post("/api/v1/users", json_content(), std::string("{\"email\0\": 1}", 13)),
                400, "Wrong format");
    CHECK_ERROR(client.post("/api/v1/users", json_content(), std::string(1000, '[')), 400,
                "Wrong format");
    CHECK_ERROR(client.post("/api/v1/users", json_content(), "{\"email\": \"a\", \"email\": }"),
                400, "Wrong format");
    CHECK_ERROR(client.post("/api/v1/users", json_content(), "\xef\xbb\xbf"), 400, "Wrong format");
    CHECK(int_member(client.get("/api/v1/stats"), "users") == 0);
    CHECK_ALIVE(server, client);
}

TEST_CASE("invalid UTF-8 and bad escapes in a login form are not a 500") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());

    for (const char* body :
         {"email=%FF%FE&password=x", "email=\xff\xfe&password=x", "email=%zz&password=%",
          "email=a%40b&password=%C3%28", "%%%=%%%&&&==="}) {
        CAPTURE(body);
        const Response response = client.post("/api/v1/auth_session/login", form_content(), body);
        INFO(describe(response));
        CHECK(response.status >= 400);
        CHECK(response.status < 500);
        CHECK(is_error_body(response));
    }
    for (const char* path : {"/api/v1/%zz", "/api/v1/%FF", "/api/v1/users/%", "/api/v1/%00"}) {
        CAPTURE(path);
        const Response response = client.get(path);
        INFO(describe(response));
        CHECK(response.status >= 400);
        CHECK(response.status < 500);
    }
    CHECK_ALIVE(server, client);
}

TEST_CASE("a 100 KB body is refused with 413") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    const HttpClient client(server.port());

    const std::string padding(100 * 1024, 'a');
    const Response login = client.post("/api/v1/auth_session/login", form_content(),
                                       "email=x@hbtn.io&password=" + padding);
    CHECK_STATUS(login, 413);
    {
        INFO(describe(login));
        CHECK(is_error_body(login));
        CHECK(login.headers.get("Access-Control-Allow-Origin") == std::optional<std::string>("*"));
    }

    ServerProcess open;
    const HttpClient open_client(open.port());
    const Response create = open_client.post(
        "/api/v1/users", json_content(),
        R"({"email": "big@hbtn.io", "password": "pw", "first_name": ")" + padding + "\"}");
    CHECK_STATUS(create, 413);
    {
        INFO(describe(create));
        CHECK(is_error_body(create));
        CHECK(create.headers.get("Access-Control-Allow-Origin") == std::optional<std::string>("*"));
    }
    CHECK(int_member(open_client.get("/api/v1/stats"), "users") == 0);

    CHECK_ALIVE(server, client);
    CHECK_ALIVE(open, open_client);
}

TEST_CASE("broken HTTP is refused without a 500") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    const HttpClient client(server.port());
    // A server answers a request it cannot parse at once, or waits for more.
    const HttpClient impatient(server.port(), std::chrono::seconds(1));

    const std::string requests[] = {
        "GARBAGE\r\n\r\n",
        "GET\r\n\r\n",
        "GET /api/v1/status HTTP/9.9\r\n\r\n",
        "GET /api/v1/status HTTP/1.1\r\nCookie _my_session_id\r\nConnection: close\r\n\r\n",
        "GET /api/v1/users HTTP/1.1\r\nCookie: \xff\xfe=\xff\r\nConnection: close\r\n\r\n",
        "GET /api/v1/users HTTP/1.1\r\nAuthorization: \r\nConnection: close\r\n\r\n",
        "GET /api/v1/status HTTP/1.1\r\nContent-Type: ;;\r\nAccept: ;;\r\nConnection: "
        "close\r\n\r\n",
        "POST /api/v1/auth_session/login HTTP/1.1\r\nContent-Length: abc\r\nConnection: "
        "close\r\n\r\n",
        "GET /api/v1/status HTTP/1.1\r\nHost: " + std::string(3000, 'h') +
            "\r\nConnection: close\r\n\r\n",
    };
    for (const std::string& bytes : requests) {
        CAPTURE(bytes.substr(0, 80));
        Response response;
        try {
            response = impatient.raw_exchange(bytes);
        } catch (const HttpError& e) {
            // A server that waits for the rest of a request is within its rights.
            MESSAGE("no answer within 1 s: " << std::string(e.what()));
            continue;
        }
        INFO(describe(response));
        CHECK(response.status != 500);
        CHECK(server.running());
    }
    CHECK_ALIVE(server, client);
}

}  // namespace

}  // namespace authapi::e2e
