// Beyond the task: a user's own sessions (list, revoke), password change,
// and the end of a deleted user's sessions.
#include <doctest/doctest.h>

#include <set>

#include "json_body.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"
#include "session_rows.hpp"

namespace authapi::e2e {

namespace {

// A string member, or "<not a string>" (never a crash on a wrong shape).
std::string str(const rapidjson::Value& object, const char* key) {
    if (!object.IsObject() || !object.HasMember(key) || !object[key].IsString()) {
        return "<not a string>";
    }
    return object[key].GetString();
}

std::string login_as(const HttpClient& client, const std::string& agent) {
    const Response response =
        login_with(client, kSessionEmail, kSessionPassword, {{"User-Agent", agent}});
    REQUIRE(response.status == 200);
    return cookie_value(response).value_or("");
}

TEST_CASE("a user lists and revokes their own sessions, in every session mode") {
    for (const std::string mode : kSessionModes) {
        CAPTURE(mode);
        ServerProcess server({{"AUTH_TYPE", mode}, {"SESSION_DURATION", "3600"}});
        const std::string id = server.seed_user(kSessionEmail, kSessionPassword);
        server.seed_user(kBobEmail, kBobPassword);
        const HttpClient client(server.port());
        const std::string a = login_as(client, "agent-a");
        const std::string b = login_as(client, "agent-b");
        const std::string c = login_as(client, "agent-c");
        const std::string bobs = login_token(client, kBobEmail, kBobPassword);

        const Response list = client.get(kSessions, session_cookie(a));
        CHECK_STATUS(list, 200);
        for (const std::string& token : {a, b, c, bobs}) {
            CHECK(list.body.find(token) == std::string::npos);
            CHECK(list.body.find(sha256_hex_of(token)) == std::string::npos);
        }
        const auto doc = parse_json(list.body);
        REQUIRE(doc.IsArray());
        REQUIRE(doc.Size() == 3);
        std::set<std::string> agents;
        std::string b_id;
        int current = 0;
        for (const auto& item : doc.GetArray()) {
            REQUIRE(item.IsObject());
            CHECK(is_uuid4(str(item, "id")));
            CHECK(str(item, "user_id") == id);
            CHECK(is_timestamp(str(item, "created_at")));
            CHECK(is_timestamp(str(item, "last_seen_at")));
            // session_auth has no expiry, as in the task.
            if (mode == "session_auth") {
                CHECK(item["expires_at"].IsNull());
            } else {
                CHECK(is_timestamp(str(item, "expires_at")));
            }
            CHECK(str(item, "ip") == "127.0.0.1");
            const std::string agent = str(item, "user_agent");
            agents.insert(agent);
            if (agent == "agent-b") b_id = str(item, "id");
            REQUIRE(item["current"].IsBool());
            if (item["current"].GetBool()) {
                ++current;
                CHECK(agent == "agent-a");
            }
        }
        CHECK(agents == std::set<std::string>{"agent-a", "agent-b", "agent-c"});
        CHECK(current == 1);

        // One by id: only once, and only one's own.
        CHECK_EMPTY_OBJECT(client.del(std::string(kSessions) + "/" + b_id, session_cookie(a)));
        CHECK_ERROR(me(client, b), 403, "Forbidden");
        CHECK_ERROR(client.del(std::string(kSessions) + "/" + b_id, session_cookie(a)), 404,
                    "Not found");
        CHECK_ERROR(client.del(std::string(kSessions) + "/" + b_id, session_cookie(bobs)), 404,
                    "Not found");
        CHECK_ERROR(client.del(std::string(kSessions) + "/no-such-id", session_cookie(a)), 404,
                    "Not found");
        const auto bob_list = parse_json(client.get(kSessions, session_cookie(bobs)).body);
        REQUIRE(bob_list.IsArray());
        REQUIRE(bob_list.Size() == 1);
        const std::string bob_session = str(bob_list[0], "id");
        CHECK_ERROR(client.del(std::string(kSessions) + "/" + bob_session, session_cookie(a)), 404,
                    "Not found");
        CHECK_STATUS(me(client, bobs), 200);

        // All the others.
        const Response revoked = client.del(kSessions, session_cookie(a));
        CHECK_STATUS(revoked, 200);
        CHECK(int_member(revoked, "revoked") == 1);
        CHECK(server.log().find(R"("audit":"sessions_revoked")") != std::string::npos);
        CHECK_ERROR(me(client, c), 403, "Forbidden");
        CHECK_STATUS(me(client, a), 200);
        CHECK_STATUS(me(client, bobs), 200);
        const auto after = parse_json(client.get(kSessions, session_cookie(a)).body);
        REQUIRE(after.IsArray());
        CHECK(after.Size() == 1);

        // The session routes need the session.
        CHECK_ERROR(client.get(kSessions), 401, "Unauthorized");
        CHECK_ERROR(client.get(kSessions, session_cookie(c)), 403, "Forbidden");
    }
}

TEST_CASE("the session routes do not exist without a session mode") {
    ServerProcess server;
    const HttpClient client(server.port());
    CHECK_ERROR(client.get(kSessions), 404, "Not found");
    CHECK_ERROR(client.del(kSessions), 404, "Not found");
    CHECK_ERROR(client.put(kPasswordChange, json_content(), "{}"), 404, "Not found");
}

TEST_CASE("deleting a user ends their sessions, in every session mode") {
    for (const std::string mode : kSessionModes) {
        CAPTURE(mode);
        ServerProcess server({{"AUTH_TYPE", mode}});
        const std::string id = server.seed_user(kSessionEmail, kSessionPassword);
        server.seed_user(kBobEmail, kBobPassword);
        const HttpClient client(server.port());
        const std::string token = login_token(client, kSessionEmail, kSessionPassword);
        const std::string bobs = login_token(client, kBobEmail, kBobPassword);

        CHECK_EMPTY_OBJECT(client.del("/api/v1/users/" + id, session_cookie(bobs)));
        CHECK_ERROR(me(client, token), 403, "Forbidden");
        CHECK(session_rows(server.db_path(), id).empty());
        // Bring a user back with the same id behind the server's back: a
        // session left in memory would identify it again.
        exec_sql(server.db_path(),
                 "INSERT INTO users (id, email, email_key, password_hash, created_at, "
                 "updated_at) VALUES ('" +
                     id +
                     "', 'back@hbtn.io', 'back@hbtn.io', 'x', '2024-01-01 00:00:00', "
                     "'2024-01-01 00:00:00')");
        CHECK_ERROR(me(client, token), 403, "Forbidden");
        CHECK_STATUS(me(client, bobs), 200);
    }
}

TEST_CASE("a password change keeps the caller's session and ends the others") {
    for (const std::string mode : kSessionModes) {
        CAPTURE(mode);
        ServerProcess server({{"AUTH_TYPE", mode}});
        server.seed_user(kSessionEmail, kSessionPassword);
        server.seed_user(kBobEmail, kBobPassword);
        const HttpClient client(server.port());
        const std::string mine = login_token(client, kSessionEmail, kSessionPassword);
        const std::string other = login_token(client, kSessionEmail, kSessionPassword);
        const std::string bobs = login_token(client, kBobEmail, kBobPassword);
        const RequestHeaders json = json_content() + session_cookie(mine);

        CHECK_ERROR(client.put(kPasswordChange, json, R"({"new_password": "n"})"), 400,
                    "current_password missing");
        CHECK_ERROR(
            client.put(kPasswordChange, json, R"({"current_password": "", "new_password": "n"})"),
            400, "current_password missing");
        CHECK_ERROR(client.put(kPasswordChange, json, R"({"current_password": "x"})"), 400,
                    "new_password missing");
        CHECK_ERROR(client.put(kPasswordChange, json, "not json"), 400, "current_password missing");
        CHECK_ERROR(client.put(kPasswordChange, json,
                               R"({"current_password": "wrong", "new_password": "n"})"),
                    401, "wrong password");
        CHECK_STATUS(me(client, other), 200);  // nothing changed yet

        CHECK_EMPTY_OBJECT(
            client.put(kPasswordChange, json,
                       R"({"current_password": "fake pwd", "new_password": "new secret 1"})"));
        CHECK_STATUS(me(client, mine), 200);
        CHECK_ERROR(me(client, other), 403, "Forbidden");
        CHECK_STATUS(me(client, bobs), 200);
        CHECK(password_hash_of(server.db_path(), kSessionEmail).rfind("$argon2id$", 0) == 0);
        // Audited, without the passwords.
        const std::string log = server.log();
        CHECK(log.find(R"("audit":"password_changed")") != std::string::npos);
        CHECK(log.find("sessions_revoked=1") != std::string::npos);
        CHECK(log.find("new secret 1") == std::string::npos);
        CHECK_ERROR(login(client, kSessionEmail, kSessionPassword), 401, "wrong password");

        // A form body works too.
        const std::string third = login_token(client, kSessionEmail, "new secret 1");
        CHECK_EMPTY_OBJECT(client.put(
            kPasswordChange, form_content() + session_cookie(third),
            form_body({{"current_password", "new secret 1"}, {"new_password", "new secret 2"}})));
        CHECK_ERROR(me(client, mine), 403, "Forbidden");
        CHECK_STATUS(me(client, third), 200);
        CHECK_STATUS(login(client, kSessionEmail, "new secret 2"), 200);
    }
}

TEST_CASE("basic_auth: a password change takes effect at once") {
    ServerProcess server({{"AUTH_TYPE", "basic_auth"}});
    server.seed_user(kBobEmail, kBobPassword);
    const HttpClient client(server.port());
    CHECK_ERROR(client.put(kPasswordChange, json_content() + basic_auth(kBobEmail, kBobPassword),
                           R"({"current_password": "nope", "new_password": "n"})"),
                401, "wrong password");
    CHECK_EMPTY_OBJECT(client.put(kPasswordChange,
                                  json_content() + basic_auth(kBobEmail, kBobPassword),
                                  R"({"current_password": "H0lbertonSchool98!", )"
                                  R"("new_password": "changed"})"));
    CHECK_ERROR(client.get("/api/v1/users/me", basic_auth(kBobEmail, kBobPassword)), 403,
                "Forbidden");
    CHECK_STATUS(client.get("/api/v1/users/me", basic_auth(kBobEmail, "changed")), 200);
}

TEST_CASE("PUT /users/<id> still ignores a password") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    const std::string id = server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    CHECK_STATUS(client.put("/api/v1/users/" + id, json_content() + session_cookie(token),
                            R"({"password": "sneaky", "first_name": "F"})"),
                 200);
    CHECK_STATUS(login(client, kSessionEmail, kSessionPassword), 200);
    CHECK_ERROR(login(client, kSessionEmail, "sneaky"), 401, "wrong password");
}

}  // namespace

}  // namespace authapi::e2e
