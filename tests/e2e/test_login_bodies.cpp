// POST /api/v1/auth_session/login reads form fields (urlencoded or
// multipart), verbatim, and nothing else.
#include <doctest/doctest.h>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

struct LoginServer {
    LoginServer()
        : server({{"AUTH_TYPE", "session_auth"}}),
          client(server.port()),
          id(server.seed_user(kSessionEmail, kSessionPassword)) {}

    ServerProcess server;
    const HttpClient client;
    const std::string id;
};

#define CHECK_LOGGED_IN(fixture, response)                                   \
    do {                                                                     \
        const Response& login_response_ = (response);                        \
        INFO(describe(login_response_));                                     \
        CHECK(login_response_.status == 200);                                \
        CHECK(text_member(login_response_, "id") == (fixture).id);           \
        CHECK(is_session_token(cookie_value(login_response_).value_or(""))); \
    } while (false)

TEST_CASE_FIXTURE(LoginServer, "login: urlencoded bodies") {
    CHECK_LOGGED_IN(*this, client.post(kLogin, form_content(),
                                       "email=bobsession%40hbbtn.io&password=fake+pwd"));
    CHECK_LOGGED_IN(*this, client.post(kLogin, form_content(),
                                       "email=bobsession%40hbbtn.io&password=fake%20pwd"));
    CHECK_LOGGED_IN(
        *this, client.post(kLogin, form_content(), "password=fake+pwd&email=bobsession@hbbtn.io"));
    CHECK_LOGGED_IN(*this, client.post(kLogin, form_content(),
                                       "x=1&email=bobsession@hbbtn.io&&password=fake+pwd&y"));
    CHECK_LOGGED_IN(
        *this, client.post(std::string(kLogin) + "/", form_content(),
                           form_body({{"email", kSessionEmail}, {"password", kSessionPassword}})));
    // With repeated fields the first value counts.
    CHECK_LOGGED_IN(*this, client.post(kLogin, form_content(),
                                       "email=bobsession@hbbtn.io&email=x@hbtn.io&password=fake+pwd"
                                       "&password=wrong"));
    CHECK_ERROR(client.post(kLogin, form_content(),
                            "email=x@hbtn.io&email=bobsession@hbbtn.io&password=fake+pwd"),
                404, "no user found for this email");

    CHECK_ERROR(client.post(kLogin, form_content(), "email=&password=x"), 400, "email missing");
    CHECK_ERROR(client.post(kLogin, form_content(), "password=fake+pwd"), 400, "email missing");
    CHECK_ERROR(client.post(kLogin, form_content(), "email=bobsession@hbbtn.io&password="), 400,
                "password missing");
    // The email is one account whatever its ASCII case and surrounding spaces;
    // the password is used verbatim.
    CHECK_LOGGED_IN(*this, login(client, " bobsession@hbbtn.io", kSessionPassword));
    CHECK_LOGGED_IN(*this, login(client, "BobSession@HBBTN.io\t", kSessionPassword));
    CHECK_ERROR(login(client, "bob session@hbbtn.io", kSessionPassword), 404,
                "no user found for this email");
    CHECK_ERROR(login(client, kSessionEmail, "fake pwd "), 401, "wrong password");
    CHECK_ERROR(login(client, kSessionEmail, "FAKE PWD"), 401, "wrong password");
}

TEST_CASE_FIXTURE(LoginServer, "login: multipart/form-data bodies, as curl -F sends them") {
    const std::string boundary = "------------------------d74496d66958873e";
    const RequestHeaders multipart{{"Content-Type", "multipart/form-data; boundary=" + boundary}};

    CHECK_LOGGED_IN(
        *this,
        client.post(
            kLogin, multipart,
            multipart_body({{"email", kSessionEmail}, {"password", kSessionPassword}}, boundary)));
    CHECK_ERROR(
        client.post(kLogin, multipart, multipart_body({{"email", kSessionEmail}}, boundary)), 400,
        "password missing");
    CHECK_ERROR(client.post(kLogin, multipart, multipart_body({}, boundary)), 400, "email missing");
    CHECK_ERROR(
        client.post(kLogin, multipart,
                    multipart_body({{"email", kSessionEmail}, {"password", "nope"}}, boundary)),
        401, "wrong password");
    // A quoted boundary parameter.
    CHECK_LOGGED_IN(
        *this,
        client.post(
            kLogin, {{"Content-Type", "multipart/form-data; boundary=\"" + boundary + "\""}},
            multipart_body({{"email", kSessionEmail}, {"password", kSessionPassword}}, boundary)));
}

TEST_CASE_FIXTURE(LoginServer, "login: JSON bodies and query strings are not read") {
    const std::string json = R"({"email": "bobsession@hbbtn.io", "password": "fake pwd"})";
    CHECK_ERROR(client.post(kLogin, json_content(), json), 400, "email missing");
    CHECK_ERROR(client.post(kLogin, {}, json), 400, "email missing");
    CHECK_ERROR(client.request(
                    "POST", std::string(kLogin) + "?email=bobsession%40hbbtn.io&password=fake+pwd"),
                400, "email missing");
    // Only the body counts when both are there.
    CHECK_ERROR(client.post(std::string(kLogin) + "?email=bobsession%40hbbtn.io", form_content(),
                            "password=fake+pwd"),
                400, "email missing");
}

}  // namespace

}  // namespace authapi::e2e
