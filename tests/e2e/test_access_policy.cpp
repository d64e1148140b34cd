// ACCESS_POLICY: every route, called by an ordinary user on another user's
// record, under the task's policy (everything allowed, the default) and under
// `owner` (only their own record; administrators everything).
#include <doctest/doctest.h>

#include <map>

#include "json_body.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

constexpr const char* kAlice = "alice@x.io";
constexpr const char* kBob = "bob@x.io";
constexpr const char* kAdmin = "admin@x.io";
constexpr const char* kPassword = "pw of theirs";

// A server with an administrator, Alice and Bob, and Alice logged in.
struct Accounts {
    explicit Accounts(const std::string& policy)
        : server(policy.empty()
                     ? Environment{{"AUTH_TYPE", "session_db_auth"}}
                     : Environment{{"AUTH_TYPE", "session_db_auth"}, {"ACCESS_POLICY", policy}}),
          client(server.port()) {
        const ProcessResult created =
            server.cli({"create-user", "--email", kAdmin, "--password", kPassword, "--admin"});
        REQUIRE(created.exit_code == 0);
        admin = last_line(created.out);
        alice = server.seed_user(kAlice, kPassword);
        bob = server.seed_user(kBob, kPassword);
        alice_token = login_token(client, kAlice, kPassword);
    }

    RequestHeaders as(const std::string& token) const { return session_cookie(token); }

    ServerProcess server;
    HttpClient client;
    std::string admin, alice, bob, alice_token;
};

struct Call {
    const char* method;
    std::string path;
    std::string body;  // JSON when not empty
    int under_task;
    int under_owner;
};

// Alice's calls, in an order where each leaves the next possible.
std::vector<Call> alice_calls(const Accounts& a) {
    const std::string users = "/api/v1/users/";
    return {
        {"GET", "/api/v1/status", "", 200, 200},
        {"GET", "/api/v1/health", "", 200, 200},
        {"GET", "/api/v1/metrics", "", 200, 200},
        {"GET", "/api/v1/unauthorized", "", 401, 401},
        {"GET", "/api/v1/forbidden", "", 403, 403},
        {"GET", "/api/v1/stats", "", 200, 403},
        {"GET", "/api/v1/users", "", 200, 403},
        {"HEAD", "/api/v1/users", "", 200, 403},
        {"OPTIONS", "/api/v1/users", "", 200, 200},
        {"POST", "/api/v1/users", R"({"email": "new@x.io", "password": "pw"})", 201, 403},
        {"GET", users + "me", "", 200, 200},
        {"GET", users + a.alice, "", 200, 200},
        {"GET", users + a.bob, "", 200, 403},
        {"HEAD", users + a.bob, "", 200, 403},
        {"GET", users + "no-such-id", "", 404, 403},  // existence is not told either
        {"PUT", users + a.alice, R"({"first_name": "Al"})", 200, 200},
        {"PUT", users + a.bob, R"({"first_name": "Mallory"})", 200, 403},
        {"PUT", users + "me", R"({"first_name": "Me"})", 404, 404},  // "me" is GET's only
        {"GET", "/api/v1/users/me/sessions", "", 200, 200},
        {"DELETE", "/api/v1/users/me/sessions/no-such-session", "", 404, 404},
        {"DELETE", "/api/v1/users/me/sessions", "", 200, 200},
        {"PUT", "/api/v1/users/me/password",
         std::string(R"({"current_password": ")") + kPassword + R"(", "new_password": "new pw"})",
         200, 200},
        {"DELETE", users + a.bob, "", 200, 403},
        {"DELETE", users + "me", "", 404, 404},
        {"DELETE", "/api/v1/auth_session/logout", "", 200, 200},
    };
}

void run_alice_calls(Accounts& a, bool owner) {
    for (const Call& call : alice_calls(a)) {
        const RequestHeaders headers =
            call.body.empty() ? a.as(a.alice_token) : json_content() + a.as(a.alice_token);
        const Response response = a.client.request(call.method, call.path, headers, call.body);
        const int expected = owner ? call.under_owner : call.under_task;
        CHECK_STATUS(response, expected);
        if (owner && expected == 403 && call.under_task != 403 &&
            std::string(call.method) != "HEAD") {
            CHECK_ERROR(response, 403, "Forbidden");
        }
    }
    // Login is for everyone (it needs no session).
    CHECK_STATUS(login(a.client, kAlice, "new pw"), 200);
}

TEST_CASE("access policy task (the default): any user may act on any other") {
    Accounts a("");
    run_alice_calls(a, false);
    const HttpClient& client = a.client;
    const std::string token = login_token(client, kAdmin, kPassword);
    CHECK_ERROR(client.get("/api/v1/users/" + a.bob, a.as(token)), 404, "Not found");  // deleted
    CHECK(int_member(client.get("/api/v1/stats", a.as(token)), "users") == 3);  // + new, - bob
    CHECK(text_member(client.get("/api/v1/users/" + a.alice, a.as(token)), "first_name") == "Al");
}

TEST_CASE("access policy owner: users reach only their own record, admins everything") {
    Accounts a("owner");
    run_alice_calls(a, true);
    const HttpClient& client = a.client;
    const RequestHeaders admin = a.as(login_token(client, kAdmin, kPassword));
    // Nothing Alice tried on others happened.
    CHECK(int_member(client.get("/api/v1/stats", admin), "users") == 3);
    const auto bob = user_of(client.get("/api/v1/users/" + a.bob, admin));
    REQUIRE(bob.has_value());
    CHECK_FALSE(bob->first_name.has_value());

    // The administrator may do everything, on anyone.
    CHECK_STATUS(client.get("/api/v1/users", admin), 200);
    const Response created = client.post("/api/v1/users", json_content() + admin,
                                         R"({"email": "carol@x.io", "password": "pw"})");
    CHECK_STATUS(created, 201);
    CHECK_STATUS(
        client.put("/api/v1/users/" + a.bob, json_content() + admin, R"({"last_name": "B."})"),
        200);
    CHECK_STATUS(client.get("/api/v1/users/me/sessions", admin), 200);
    CHECK_EMPTY_OBJECT(client.del("/api/v1/users/" + text_member(created, "id"), admin));

    // A user may delete themselves; their session ends with them.
    const RequestHeaders bob_session = a.as(login_token(client, kBob, kPassword));
    CHECK_EMPTY_OBJECT(client.del("/api/v1/users/" + a.bob, bob_session));
    CHECK_ERROR(client.get("/api/v1/users/me", bob_session), 403, "Forbidden");

    // Promotion and demotion count from the very next request.
    const RequestHeaders alice = a.as(login_token(client, kAlice, "new pw"));
    CHECK(a.server.cli({"users", "demote", "--email", "ADMIN@x.io"}).exit_code == 0);
    CHECK_ERROR(client.get("/api/v1/users", admin), 403, "Forbidden");
    const ProcessResult promoted = a.server.cli({"users", "promote", "--id", a.alice, "--json"});
    CHECK(promoted.exit_code == 0);
    CHECK(parse_json(promoted.out)["is_admin"].GetBool());
    CHECK_STATUS(client.get("/api/v1/users", alice), 200);
    CHECK_STATUS(client.get("/api/v1/users/" + a.admin, alice), 200);
}

TEST_CASE("access policy owner with Basic credentials") {
    ServerProcess server({{"AUTH_TYPE", "basic_auth"}, {"ACCESS_POLICY", "owner"}});
    const std::string alice = server.seed_user(kAlice, kPassword);
    const std::string bob = server.seed_user(kBob, kPassword);
    const HttpClient client(server.port());
    const RequestHeaders as_alice = basic_auth(kAlice, kPassword);
    CHECK_STATUS(client.get("/api/v1/users/" + alice, as_alice), 200);
    CHECK_ERROR(client.get("/api/v1/users/" + bob, as_alice), 403, "Forbidden");
    CHECK_ERROR(client.get("/api/v1/stats", as_alice), 403, "Forbidden");
}

TEST_CASE("ACCESS_POLICY: a bad value, or owner without authentication, stops the server") {
    TempDirectory dir;
    const ProcessResult bad = run_auth_api(
        {}, test_environment(dir.file("auth.db"),
                             {{"AUTH_TYPE", "session_db_auth"}, {"ACCESS_POLICY", "admins"}}));
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("ACCESS_POLICY='admins': expected task") != std::string::npos);
    const ProcessResult open =
        run_auth_api({}, test_environment(dir.file("auth.db"), {{"ACCESS_POLICY", "owner"}}));
    CHECK(open.exit_code == 2);
    CHECK(open.err.find("ACCESS_POLICY=owner needs AUTH_TYPE") != std::string::npos);
}

TEST_CASE("users promote and demote: by id or email; unknown users and bad usage") {
    TempDirectory dir;
    const Environment env = test_environment(dir.file("auth.db"));
    const ProcessResult created =
        run_auth_api({"create-user", "--email", "Ann@X.io", "--password", "pw", "--admin"}, env);
    INFO(created.err);
    REQUIRE(created.exit_code == 0);
    const std::string ann = last_line(created.out);
    const ProcessResult listed = run_auth_api({"users", "list"}, env);
    CHECK(listed.out.find("ADMIN") != std::string::npos);
    CHECK(listed.out.find("yes") != std::string::npos);

    const ProcessResult demoted = run_auth_api({"users", "demote", "--email", "ann@x.io"}, env);
    CHECK(demoted.exit_code == 0);
    CHECK(demoted.out == "user " + ann + " (Ann@X.io) is no longer an administrator\n");
    const auto users = parse_json(run_auth_api({"users", "list", "--json"}, env).out);
    REQUIRE(users.IsArray());
    CHECK_FALSE(users[0]["is_admin"].GetBool());
    CHECK(run_auth_api({"users", "promote", "--id", ann}, env).out ==
          "user " + ann + " (Ann@X.io) is an administrator\n");

    CHECK(run_auth_api({"users", "promote", "--id", "nobody"}, env).exit_code == 1);
    CHECK(run_auth_api({"users", "promote", "--email", "nobody@x.io"}, env).exit_code == 1);
    CHECK(run_auth_api({"users", "promote"}, env).exit_code == 2);
    CHECK(run_auth_api({"users", "demote", "--id", ann, "--email", "ann@x.io"}, env).exit_code ==
          2);
}

}  // namespace

}  // namespace authapi::e2e
