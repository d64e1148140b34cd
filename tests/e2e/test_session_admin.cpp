// Beyond the task: the background sweeper, the administration commands, and
// the import of the reference's JSON files.
#include <doctest/doctest.h>

#include <fstream>
#include <thread>

#include "json_body.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"
#include "session_rows.hpp"

namespace authapi::e2e {

namespace {

SessionRow stored_row(const std::string& id, const std::string& user_id,
                      const std::optional<std::string>& expires_at,
                      const std::string& last_seen_at) {
    SessionRow row;
    row.id = id;
    row.user_id = user_id;
    row.token_hash = sha256_hex_of("token of " + id);
    row.created_at = "2024-01-01 00:00:00";
    row.expires_at = expires_at;
    row.last_seen_at = last_seen_at;
    return row;
}

bool has_session(const std::string& db_path, const std::string& id) {
    for (const auto& row : session_rows(db_path)) {
        if (row.id == id) return true;
    }
    return false;
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

TEST_CASE("the sweeper deletes expired and idle sessions and keeps the live ones") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"},
                          {"SESSION_IDLE_TIMEOUT", "3"},
                          {"SESSION_SWEEP_INTERVAL", "1"}});
    const std::string id = server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string busy = login_token(client, kSessionEmail, kSessionPassword);
    const std::string idle = login_token(client, kSessionEmail, kSessionPassword);
    // Rows nobody will ever present: one past its absolute expiry, one that
    // would be live for a long time if it were not idle, one in the future.
    insert_session_row(
        server.db_path(),
        stored_row("expired", id, std::string("2000-01-01 00:00:00"), "2999-01-01 00:00:00"));
    insert_session_row(server.db_path(), stored_row("idle", id, std::string("2999-01-01 00:00:00"),
                                                    "2000-01-01 00:00:00"));
    insert_session_row(server.db_path(),
                       stored_row("future", id, std::nullopt, "2999-01-01 00:00:00"));
    REQUIRE(session_rows(server.db_path()).size() == 5);

    CHECK(eventually(
        [&] {
            CHECK_STATUS(me(client, busy), 200);  // keeps `busy` in use
            return session_rows(server.db_path()).size() == 2;
        },
        std::chrono::seconds(10)));
    CHECK(has_session(server.db_path(), "future"));
    CHECK_STATUS(me(client, busy), 200);
    CHECK_ERROR(me(client, idle), 403, "Forbidden");
    CHECK(server.log().find("auth-api: purged ") != std::string::npos);
}

TEST_CASE("the sweeper also empties the in-memory store") {
    ServerProcess server({{"AUTH_TYPE", "session_exp_auth"},
                          {"SESSION_DURATION", "1"},
                          {"SESSION_SWEEP_INTERVAL", "1"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    login_token(client, kSessionEmail, kSessionPassword);
    login_token(client, kSessionEmail, kSessionPassword);
    // The two may expire a second apart and be purged by two passes.
    auto purged = [&] {
        const std::string log = server.log();
        const std::string prefix = "auth-api: purged ";
        long total = 0;
        for (auto at = log.find(prefix); at != std::string::npos; at = log.find(prefix, at + 1)) {
            total += std::stol(log.substr(at + prefix.size()));
        }
        return total;
    };
    CHECK(eventually([&] { return purged() == 2; }, std::chrono::seconds(8)));
}

TEST_CASE("no sweeper with SESSION_SWEEP_INTERVAL=0; sessions purge does it on demand") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}, {"SESSION_SWEEP_INTERVAL", "0"}});
    const std::string id = server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string live = login_token(client, kSessionEmail, kSessionPassword);
    for (int i = 0; i < 5; ++i) {
        insert_session_row(server.db_path(),
                           stored_row("old-" + std::to_string(i), id,
                                      std::string("2000-01-01 00:00:00"), "2000-01-01 00:00:00"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    CHECK(session_rows(server.db_path()).size() == 6);

    const ProcessResult purge = server.cli({"sessions", "purge", "--json"});
    CHECK(purge.exit_code == 0);
    CHECK(int_member(Response{200, {}, purge.out, ""}, "purged") == 5);
    CHECK(session_rows(server.db_path()).size() == 1);
    CHECK_STATUS(me(client, live), 200);
    const ProcessResult again = server.cli({"sessions", "purge"});
    CHECK(again.out == "purged 0 expired sessions\n");
}

TEST_CASE("sessions list, sessions revoke and users list work while the server runs") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    const std::string id = server.seed_user(kSessionEmail, kSessionPassword, "Session", "User");
    const std::string bob = server.seed_user(kBobEmail, kBobPassword);
    const HttpClient client(server.port());
    const std::string one =
        cookie_value(login_with(client, kSessionEmail, kSessionPassword, {{"User-Agent", "cli-a"}}))
            .value_or("");
    const std::string two = login_token(client, kSessionEmail, kSessionPassword);
    const std::string bobs = login_token(client, kBobEmail, kBobPassword);

    const ProcessResult table = server.cli({"sessions", "list"});
    CHECK(table.exit_code == 0);
    CHECK(table.out.rfind("ID ", 0) == 0);
    CHECK(table.out.find("cli-a") != std::string::npos);
    CHECK(table.out.find("127.0.0.1") != std::string::npos);
    for (const std::string& token : {one, two, bobs}) {
        CHECK(table.out.find(token) == std::string::npos);
        CHECK(table.out.find(sha256_hex_of(token)) == std::string::npos);
    }

    const ProcessResult listed =
        server.cli({"sessions", "list", "--email", kSessionEmail, "--json"});
    CHECK(listed.exit_code == 0);
    const auto doc = parse_json(listed.out);
    REQUIRE(doc.IsArray());
    REQUIRE(doc.Size() == 2);
    CHECK(std::string(doc[0]["user_id"].GetString()) == id);
    CHECK(doc[0]["live"].GetBool());
    const std::string first_id = doc[0]["id"].GetString();
    const auto by_user = parse_json(server.cli({"sessions", "list", "--user", bob, "--json"}).out);
    REQUIRE(by_user.IsArray());
    CHECK(by_user.Size() == 1);

    const ProcessResult revoke_one = server.cli({"sessions", "revoke", "--id", first_id});
    CHECK(revoke_one.exit_code == 0);
    CHECK_ERROR(me(client, one), 403, "Forbidden");
    CHECK_STATUS(me(client, two), 200);
    CHECK(server.cli({"sessions", "revoke", "--id", first_id}).exit_code == 1);

    const ProcessResult revoke_user = server.cli({"sessions", "revoke", "--user", id, "--json"});
    CHECK(revoke_user.exit_code == 0);
    CHECK(int_member(Response{200, {}, revoke_user.out, ""}, "revoked") == 1);
    CHECK_ERROR(me(client, two), 403, "Forbidden");
    CHECK_STATUS(me(client, bobs), 200);

    const ProcessResult users = server.cli({"users", "list"});
    CHECK(users.exit_code == 0);
    CHECK(users.out.find(kSessionEmail) != std::string::npos);
    CHECK(users.out.find("Session") != std::string::npos);
    const auto users_json = parse_json(server.cli({"users", "list", "--json"}).out);
    REQUIRE(users_json.IsArray());
    CHECK(users_json.Size() == 2);

    CHECK(server.cli({"sessions", "list", "--email", "nobody@x"}).exit_code == 1);
    CHECK(server.cli({"sessions", "revoke"}).exit_code == 2);
    CHECK(server.cli({"sessions", "revoke", "--id", "a", "--user", "b"}).exit_code == 2);
    CHECK(server.cli({"sessions", "list", "--user"}).exit_code == 2);
    CHECK(server.cli({"sessions"}).exit_code == 2);
    CHECK(server.cli({"users", "delete"}).exit_code == 2);
}

// A data set in the reference's own format (.db_User.json, .db_UserSession.json).
constexpr const char* kBobId = "9f3c2a4e-1b2d-4c5e-8f90-123456789abc";
constexpr const char* kAnnId = "0c6b1f7e-57a1-4d8c-9a0e-5d0f2b7e4c11";
constexpr const char* kBobCookie = "5535d4d7-3d77-4d06-8281-495dc3acfe76";

std::string reference_users() {
    return std::string(R"({")") + kBobId + R"(": {"id": ")" + kBobId +
           R"(", "created_at": "2023-08-10T17:24:46", "updated_at": "2023-08-10T17:25:00", )"
           R"("email": "bob@hbtn.io", "_password": )"
           R"("a5c904771b8617de27d3511d1f538094e26c120da663363b3f760f7b894f9d69", )"
           R"("first_name": "Bob", "last_name": null}, ")" +
           kAnnId + R"(": {"id": ")" + kAnnId +
           R"(", "created_at": "2023-08-11T08:00:00", "updated_at": "2023-08-11T08:00:00", )"
           R"("email": "ann@hbtn.io", "_password": )" +
           "\"" + sha256_hex_of("ann's pwd") + R"(", "first_name": null, "last_name": "Smith"}})";
}

std::string reference_sessions() {
    return std::string(
               R"({"11111111-2222-4333-8444-555555555555": )"
               R"({"id": "11111111-2222-4333-8444-555555555555", )"
               R"("created_at": "2023-08-10T17:30:00", "updated_at": "2023-08-10T17:30:00", )"
               R"("user_id": ")") +
           kBobId + R"(", "session_id": ")" + kBobCookie + R"("}})";
}

TEST_CASE("import: the reference's files become users and sessions that work") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    const std::string users = server.directory() + "/.db_User.json";
    const std::string sessions = server.directory() + "/.db_UserSession.json";
    write_file(users, reference_users());
    write_file(sessions, reference_sessions());

    const ProcessResult imported = server.cli({"import", "--users", users, "--sessions", sessions});
    INFO(imported.err);
    CHECK(imported.exit_code == 0);
    CHECK(imported.out == "imported 2 users and 1 sessions\n");

    const HttpClient client(server.port());
    // The imported session's cookie (the reference's session id) still works.
    const Response bob_me = me(client, kBobCookie);
    CHECK_STATUS(bob_me, 200);
    const auto bob = user_of(bob_me);
    REQUIRE(bob);
    CHECK(bob->id == kBobId);
    CHECK(bob->first_name == std::optional<std::string>("Bob"));
    CHECK(bob->created_at == "2023-08-10 17:24:46");
    const auto rows = session_rows(server.db_path());
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].created_at == "2023-08-10 17:30:00");
    CHECK(rows[0].token_hash == sha256_hex_of(kBobCookie));

    // The SHA-256 password logs in, and is upgraded to Argon2id on the way.
    CHECK(password_hash_of(server.db_path(), kBobEmail) ==
          "a5c904771b8617de27d3511d1f538094e26c120da663363b3f760f7b894f9d69");
    const Response login_response = login(client, kBobEmail, kBobPassword);
    CHECK_STATUS(login_response, 200);
    CHECK(text_member(login_response, "id") == kBobId);
    CHECK(password_hash_of(server.db_path(), kBobEmail).rfind("$argon2id$", 0) == 0);
    CHECK_STATUS(login(client, kBobEmail, kBobPassword), 200);
    CHECK_STATUS(login(client, "ann@hbtn.io", "ann's pwd"), 200);
    CHECK_ERROR(login(client, "ann@hbtn.io", "wrong"), 401, "wrong password");

    // Importing the same files again: every row is reported, nothing changes.
    const ProcessResult again =
        server.cli({"import", "--users", users, "--sessions", sessions, "--json"});
    CHECK(again.exit_code == 1);
    CHECK(again.err.find(kBobId) != std::string::npos);
    CHECK(again.err.find(kAnnId) != std::string::npos);
    CHECK(again.err.find("nothing imported") != std::string::npos);
    const auto errors = parse_json(again.out);
    REQUIRE(errors.IsObject());
    CHECK(errors["errors"].Size() == 3);
}

TEST_CASE("import: bad rows are reported one by one and nothing is half-imported") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    server.seed_user("taken@hbtn.io", "pwd");
    const std::string users = server.directory() + "/users.json";
    write_file(users, R"({
      "a": {"id": "a", "email": "ok@hbtn.io", "_password": null},
      "b": {"id": "b", "email": "taken@hbtn.io", "_password": null},
      "c": {"id": "c", "email": "ok@hbtn.io", "_password": null},
      "d": {"id": "d", "email": "d@hbtn.io", "_password": "not a hash"},
      "e": {"id": "e", "_password": null},
      "f": {"id": "f", "email": "f@hbtn.io", "created_at": "yesterday"},
      "g": {"id": "other", "email": "g@hbtn.io"},
      "h": [1, 2]
    })");
    const ProcessResult result = server.cli({"import", "--users", users});
    CHECK(result.exit_code == 1);
    INFO(result.err);
    for (const char* expected :
         {"users.json: b: a user with email taken@hbtn.io exists",
          "users.json: c: email ok@hbtn.io is also the email of a",
          "users.json: d: _password is not a lower-case hex SHA-256",
          "users.json: e: email missing",
          "users.json: f: created_at 'yesterday' is not YYYY-MM-DDTHH:MM:SS",
          "users.json: g: id 'other' does not match its key", "users.json: h: not a JSON object",
          "nothing imported (7 errors)"}) {
        CHECK(result.err.find(expected) != std::string::npos);
    }
    auto user_count = [&] {
        const auto listed = parse_json(server.cli({"users", "list", "--json"}).out);
        return listed.IsArray() ? static_cast<int>(listed.Size()) : -1;
    };
    CHECK(user_count() == 1);

    write_file(users, R"({"a": {"id": "a", "email": )");
    const ProcessResult bad_json = server.cli({"import", "--users", users});
    CHECK(bad_json.exit_code == 1);
    CHECK(bad_json.err.find("users.json: file: not JSON") != std::string::npos);

    const std::string sessions = server.directory() + "/sessions.json";
    write_file(users, reference_users());
    write_file(sessions, R"({"s": {"id": "s", "user_id": "nobody", "session_id": "x"}})");
    const ProcessResult orphan = server.cli({"import", "--users", users, "--sessions", sessions});
    CHECK(orphan.exit_code == 1);
    CHECK(orphan.err.find("sessions.json: s: no user nobody") != std::string::npos);
    CHECK(user_count() == 1);  // the users were not kept either

    CHECK(server.cli({"import"}).exit_code == 2);
    CHECK(server.cli({"import", "--users", server.directory() + "/missing.json"}).exit_code == 1);
}

}  // namespace

}  // namespace authapi::e2e
