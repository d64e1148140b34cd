// Task 0 of the session project, run with AUTH_TYPE=basic_auth, and the
// Basic auth rules it relies on.
#include <doctest/doctest.h>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

void check_bob(const UserJson& user, const std::string& id) {
    CHECK(user.keys == kUserKeys);
    CHECK(user.id == id);
    CHECK(user.email == std::optional<std::string>(kBobEmail));
    CHECK_FALSE(user.first_name.has_value());
    CHECK_FALSE(user.last_name.has_value());
    CHECK(is_timestamp(user.created_at));
    CHECK(is_timestamp(user.updated_at));
}

TEST_CASE("basic_auth: the task 0 transcript") {
    ServerProcess server({{"AUTH_TYPE", "basic_auth"}});
    const std::string id = server.seed_user(kBobEmail, kBobPassword);
    const HttpClient client(server.port());

    const Response status = client.get("/api/v1/status");
    CHECK_STATUS(status, 200);
    CHECK(text_member(status, "status") == "OK");

    CHECK_ERROR(client.get("/api/v1/users"), 401, "Unauthorized");

    const Response list = client.get("/api/v1/users", {{"Authorization", kBobBasic}});
    CHECK_STATUS(list, 200);
    const auto users = users_of(list);
    REQUIRE(users.has_value());
    REQUIRE(users->size() == 1);
    check_bob(users->front(), id);

    const Response me = client.get("/api/v1/users/me", {{"Authorization", kBobBasic}});
    CHECK_STATUS(me, 200);
    const auto user = user_of(me);
    REQUIRE(user.has_value());
    check_bob(*user, id);
}

TEST_CASE("basic_auth: credentials that do not identify a user are forbidden") {
    ServerProcess server({{"AUTH_TYPE", "basic_auth"}});
    server.seed_user(kBobEmail, kBobPassword);
    const HttpClient client(server.port());

    CHECK_ERROR(client.get("/api/v1/users", basic_auth(kBobEmail, "wrong")), 403, "Forbidden");
    CHECK_ERROR(client.get("/api/v1/users", basic_auth("nobody@hbtn.io", kBobPassword)), 403,
                "Forbidden");
    // The prefix is case-sensitive, with exactly one space.
    CHECK_ERROR(client.get("/api/v1/users",
                           {{"Authorization",
                             "basic " + base64(std::string(kBobEmail) + ":" + kBobPassword)}}),
                403, "Forbidden");
    CHECK_ERROR(client.get("/api/v1/users", {{"Authorization", "Basic"}}), 403, "Forbidden");
    CHECK_ERROR(client.get("/api/v1/users", {{"Authorization", "Test"}}), 403, "Forbidden");
    // No ':' in the decoded text.
    CHECK_ERROR(client.get("/api/v1/users", {{"Authorization", "Basic " + base64(kBobEmail)}}), 403,
                "Forbidden");
}

TEST_CASE("basic_auth: a session cookie is not a credential, but does not hurt either") {
    ServerProcess server({{"AUTH_TYPE", "basic_auth"}});
    server.seed_user(kBobEmail, kBobPassword);
    const HttpClient client(server.port());

    CHECK_ERROR(client.get("/api/v1/users", session_cookie("anything")), 403, "Forbidden");
    CHECK_STATUS(client.get("/api/v1/users", RequestHeaders{{"Authorization", kBobBasic}} +
                                                 session_cookie("anything")),
                 200);
}

TEST_CASE("basic_auth: the password may hold ':' (split at the first one)") {
    ServerProcess server({{"AUTH_TYPE", "basic_auth"}});
    const std::string id = server.seed_user("colon@hbtn.io", "H0lberton:School:98!");
    const HttpClient client(server.port());

    const Response me =
        client.get("/api/v1/users/me", basic_auth("colon@hbtn.io", "H0lberton:School:98!"));
    CHECK_STATUS(me, 200);
    CHECK(text_member(me, "id") == id);
}

}  // namespace

}  // namespace authapi::e2e
