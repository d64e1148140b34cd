// The audit log (one JSON line per security event, no secrets) and the
// access log's formats.
#include <doctest/doctest.h>

#include <chrono>
#include <sstream>
#include <thread>
#include <vector>

#include "audit_lines.hpp"
#include "json_body.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

TEST_CASE("audit: one JSON line per security event, with user, IP and session tag, no secrets") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    const std::string bob_id = server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string secret_guess = "my-Secret-Guess-42";
    const std::string typed_email = "typo-in-email@hbtn.io";

    CHECK_STATUS(login(client, kSessionEmail, secret_guess), 401);
    CHECK_STATUS(login(client, typed_email, secret_guess), 404);
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    const Response created = client.post("/api/v1/users", json_content() + session_cookie(token),
                                         R"({"email": "new@hbtn.io", "password": "newSecret99"})");
    CHECK_STATUS(created, 201);
    const std::string new_id = text_member(created, "id");
    CHECK_EMPTY_OBJECT(client.del("/api/v1/users/" + new_id, session_cookie(token)));
    CHECK_EMPTY_OBJECT(client.del("/api/v1/auth_session/logout", session_cookie(token)));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let the lines reach the file

    const std::string log = server.log();
    const auto failed = audit_lines(log, "login_failed");
    REQUIRE(failed.size() == 2);
    CHECK(member(failed[0], "reason") == "wrong_password");
    CHECK(member(failed[1], "reason") == "no_user");
    CHECK(member(failed[0], "ip") == "127.0.0.1");
    CHECK(member(failed[0], "account").size() == 16);
    CHECK(member(failed[0], "account") != member(failed[1], "account"));

    const auto ok = audit_lines(log, "login_ok");
    REQUIRE(ok.size() == 1);
    CHECK(member(ok[0], "user_id") == bob_id);
    CHECK(member(ok[0], "ip") == "127.0.0.1");
    CHECK(member(ok[0], "session").size() == 16);
    CHECK_FALSE(member(ok[0], "time").empty());

    const auto logout = audit_lines(log, "logout");
    REQUIRE(logout.size() == 1);
    CHECK(member(logout[0], "user_id") == bob_id);
    CHECK(member(logout[0], "session") == member(ok[0], "session"));

    const auto user_created = audit_lines(log, "user_created");
    REQUIRE(user_created.size() == 1);
    CHECK(member(user_created[0], "user_id") == new_id);
    CHECK(member(user_created[0], "actor_id") == bob_id);
    const auto user_deleted = audit_lines(log, "user_deleted");
    REQUIRE(user_deleted.size() == 1);
    CHECK(member(user_deleted[0], "user_id") == new_id);

    // Nothing secret, nor the email a user may have typed a password into.
    INFO(log);
    for (const std::string& secret : {token, std::string(kSessionPassword), secret_guess,
                                      std::string("newSecret99"), typed_email}) {
        if (secret.empty()) continue;
        CHECK_MESSAGE(log.find(secret) == std::string::npos, secret);
    }
}

TEST_CASE("audit: an expired session is reported with the session's tag") {
    ServerProcess server({{"AUTH_TYPE", "session_exp_auth"}, {"SESSION_DURATION", "1"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    CHECK_ERROR(client.get("/api/v1/users/me", session_cookie(token)), 403, "Forbidden");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::string log = server.log();
    const auto ok = audit_lines(log, "login_ok");
    const auto expired = audit_lines(log, "session_expired");
    REQUIRE(ok.size() == 1);
    REQUIRE(expired.size() == 1);
    CHECK(member(expired[0], "session") == member(ok[0], "session"));
    CHECK_FALSE(member(expired[0], "user_id").empty());
}

TEST_CASE("audit: AUDIT_KEY keeps the tags across restarts; without it they change") {
    auto account_tag_of_one_failure = [](const Environment& env) {
        ServerProcess server(env);
        CHECK_STATUS(login(HttpClient(server.port()), "someone@hbtn.io", "x"), 404);
        server.stop();
        const auto failed = audit_lines(server.log(), "login_failed");
        REQUIRE(failed.size() == 1);
        return member(failed[0], "account");
    };
    const Environment keyed{{"AUTH_TYPE", "session_auth"}, {"AUDIT_KEY", "correct horse battery"}};
    const Environment random{{"AUTH_TYPE", "session_auth"}};
    CHECK(account_tag_of_one_failure(keyed) == account_tag_of_one_failure(keyed));
    CHECK(account_tag_of_one_failure(random) != account_tag_of_one_failure(random));
}

TEST_CASE("LOG_FORMAT=json: the access log is one JSON object per request") {
    ServerProcess server({{"LOG_FORMAT", "json"}});
    const HttpClient client(server.port());
    CHECK_STATUS(client.get("/api/v1/status"), 200);
    CHECK_STATUS(client.get("/api/v1/nope"), 404);
    CHECK_STATUS(client.raw_exchange("NOT A REQUEST LINE\r\n\r\n"), 400);  // refused unparsed
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::istringstream in(server.log());
    std::string line;
    int requests = 0;
    int refused = 0;
    while (std::getline(in, line)) {
        if (line.rfind("{", 0) != 0) continue;
        const auto json = parse_json(line);
        REQUIRE_MESSAGE(json.IsObject(), line);
        if (json.HasMember("refused")) {
            CHECK(json["status"].GetInt() == 400);
            ++refused;
            continue;
        }
        if (!json.HasMember("method")) continue;
        ++requests;
        CHECK(json["method"].GetString() == std::string("GET"));
        CHECK(json["status"].IsInt());
        CHECK(json["us"].IsInt64());
        CHECK(json.HasMember("time"));
        CHECK(json["ip"].GetString() == std::string("127.0.0.1"));
    }
    CHECK(requests == 2);
    CHECK(refused == 1);
}

TEST_CASE("ACCESS_LOG=0 leaves the per-request lines out") {
    ServerProcess server({{"ACCESS_LOG", "0"}});
    const HttpClient client(server.port());
    CHECK_STATUS(client.get("/api/v1/status"), 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(server.log().find("GET /api/v1/status") == std::string::npos);
}

}  // namespace authapi::e2e
