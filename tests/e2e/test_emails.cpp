// One account per address: emails are trimmed and compared without ASCII case
// for uniqueness, every lookup and the throttle; kept as typed; refused with a
// control character; and an existing database whose addresses now collide is
// not migrated until an operator says which account is which.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "json_body.hpp"
#include "postgresql_backend.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"
#include "session_rows.hpp"

namespace authapi::e2e {

namespace {

std::string post_user_json(const std::string& email) {
    return R"({"email": ")" + email + R"(", "password": "pw"})";
}

TEST_CASE("emails: one account per address, kept as typed, control characters refused") {
    ServerProcess server({{"AUTH_TYPE", "basic_auth"}});
    const std::string bob = server.seed_user("Bob@X.io", "pwd");

    const ProcessResult again = server.create_user(" bob@x.io ", "other");
    CHECK(again.exit_code == 1);
    CHECK(again.err.find("already exists") != std::string::npos);
    const ProcessResult escaped = server.create_user("\x1b[31mevil@x.io", "pw");
    INFO(escaped.err);
    CHECK(escaped.exit_code == 1);
    CHECK(escaped.err.find("the email \\x1b[31mevil@x.io holds a control character") !=
          std::string::npos);
    CHECK(escaped.err.find('\x1b') == std::string::npos);

    const HttpClient client(server.port());
    const RequestHeaders as_bob = basic_auth(" BOB@x.io", "pwd");
    const Response me = client.get("/api/v1/users/me", as_bob);
    CHECK_STATUS(me, 200);
    CHECK(text_member(me, "id") == bob);
    CHECK(text_member(me, "email") == "Bob@X.io");

    const RequestHeaders post = json_content() + as_bob;
    CHECK_ERROR(client.post("/api/v1/users", post, post_user_json("  bOB@x.IO\\t")), 400,
                "Can't create User: email already exists");
    for (const char* bad : {"carol\\u0000@x.io", "\\u001b[31mcarol@x.io", "carol@x.io\\u0085",
                            "carol\\r\\nX-Fake: 1@x.io", "carol\\u007f@x.io"}) {
        CHECK_ERROR(client.post("/api/v1/users", post, post_user_json(bad)), 400, "Wrong format");
    }
    CHECK_ERROR(client.post("/api/v1/users", post, post_user_json(" \\t ")), 400, "email missing");
    const Response carol = client.post("/api/v1/users", post, post_user_json("  Carol@X.io \\n"));
    CHECK_STATUS(carol, 201);
    CHECK(text_member(carol, "email") == "Carol@X.io");
    CHECK(text_member(client.get("/api/v1/users/" + text_member(carol, "id"), as_bob), "email") ==
          "Carol@X.io");
    CHECK(int_member(client.get("/api/v1/stats", as_bob), "users") == 2);
    // Basic finds Carol however her address is typed, and nobody with a NUL in it.
    CHECK_STATUS(client.get("/api/v1/users/me", basic_auth("carol@x.io", "pw")), 200);
    CHECK_ERROR(client.get("/api/v1/users/me", basic_auth(std::string("carol@x.io\0", 11), "pw")),
                403, "Forbidden");
}

TEST_CASE("emails: login and the operator's --email find any case; one throttle budget") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}, {"THROTTLE_ACCOUNT_FAILURES", "3"}});
    const std::string bob = server.seed_user("Bob@X.io", "pwd");
    const HttpClient client(server.port());

    const Response ok = login(client, "bob@x.io ", "pwd");
    CHECK_STATUS(ok, 200);
    CHECK(text_member(ok, "id") == bob);
    CHECK(text_member(ok, "email") == "Bob@X.io");
    CHECK_ERROR(login(client, std::string("bob@x.io\0", 9), "pwd"), 404,
                "no user found for this email");
    CHECK_ERROR(login(client, "bob@x.io\x1b", "pwd"), 404, "no user found for this email");

    const ProcessResult listed = server.cli({"sessions", "list", "--email", "BOB@X.IO", "--json"});
    CHECK(listed.exit_code == 0);
    const auto sessions = parse_json(listed.out);
    REQUIRE(sessions.IsArray());
    CHECK(sessions.Size() == 1);

    // Three failures under three spellings use up one account's budget.
    for (const char* typed : {"BOB@x.io", "bob@x.io", " Bob@X.io"}) {
        CHECK_ERROR(login(client, typed, "wrong"), 401, "wrong password");
    }
    CHECK_ERROR(login(client, "bOb@X.IO", "pwd"), 429, "too many attempts");
}

// The schema of the release before email keys: migrations 0001 to 0003 as
// they are in the repository, recorded as applied.
void make_pre_email_key_database(const std::string& db_path) {
    const bool postgresql = postgresql_backend_url().has_value();
    const std::string dir = std::string(AUTH_API_SOURCE_ROOT) +
                            (postgresql ? "/migrations/postgresql/" : "/migrations/");
    std::string sql = std::string("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, ") +
                      "name TEXT NOT NULL, applied_at " + (postgresql ? "TIMESTAMP(0)" : "TEXT") +
                      " NOT NULL);\n";
    for (const char* name :
         {"0001_create_users", "0002_create_user_sessions", "0003_session_metadata"}) {
        std::ifstream file(dir + name + ".sql");
        REQUIRE(file);
        std::ostringstream text;
        text << file.rdbuf();
        sql += text.str() + "\nINSERT INTO schema_migrations VALUES (" + std::string(name, 4) +
               ", '" + name + "', CURRENT_TIMESTAMP);\n";
    }
    if (!postgresql) {
        // A new file, in the journal mode auth-api gives it.
        SQLite::Database(db_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)
            .exec("PRAGMA journal_mode=WAL");
    }
    exec_sql(db_path, sql);
}

TEST_CASE("emails: a database whose addresses now collide is refused, named, and left as it was") {
    TempDirectory dir;
    const Environment env =
        test_environment(dir.file("auth.db"), {{"AUTH_TYPE", "session_db_auth"}});
    make_pre_email_key_database(env.at("DB_PATH"));
    const std::string hash = sha256_hex_of("pwd");  // the reference's own hashes, as imported
    exec_sql(env.at("DB_PATH"),
             "INSERT INTO users (id, email, password_hash, created_at, updated_at) VALUES "
             "('u1', 'Bob@X.io', '" +
                 hash +
                 "', '2024-01-01 00:00:00', '2024-01-01 00:00:00'), "
                 "('u2', 'ann@x.io', '" +
                 hash +
                 "', '2024-01-01 00:00:00', '2024-01-01 00:00:00'), "
                 "('u3', ' bob@x.io', '" +
                 hash +
                 "', '2024-01-01 00:00:00', '2024-01-01 00:00:00'), "
                 "('u4', 'ANN@X.IO ', '" +
                 hash +
                 "', '2024-01-01 00:00:00', '2024-01-01 00:00:00'), "
                 "('u5', 'carl@x.io', '" +
                 hash + "', '2024-01-01 00:00:00', '2024-01-01 00:00:00')");

    for (const char* command : {"serve", "migrate"}) {
        const ProcessResult refused = run_auth_api({command}, env);
        INFO(command << ": " << refused.err);
        CHECK_FALSE(refused.timed_out);
        CHECK(refused.exit_code == 1);
        CHECK(refused.err.find("listening") == std::string::npos);
        CHECK(refused.err.find("migration 6 '0006_email_key': 4 users have email addresses that "
                               "are now the same account") != std::string::npos);
        CHECK(refused.err.find("\n  'ann@x.io' (id u2), 'ANN@X.IO ' (id u4)\n  'Bob@X.io' (id u1), "
                               "' bob@x.io' (id u3)\nNothing was changed.") != std::string::npos);
        // Only the colliding accounts are named (the temporary path may hold any letters).
        CHECK(refused.err.find("(id u5)") == std::string::npos);
        CHECK(refused.err.find("carl@x.io") == std::string::npos);
    }
    // Every row is still there, as it was.
    CHECK(password_hash_of(env.at("DB_PATH"), " bob@x.io") == hash);
    CHECK(password_hash_of(env.at("DB_PATH"), "ANN@X.IO ") == hash);

    // The operator decides: one address changes, one account goes.
    exec_sql(env.at("DB_PATH"),
             "UPDATE users SET email = 'bob.old@x.io' WHERE id = 'u3'; "
             "DELETE FROM users WHERE id = 'u4'");
    ServerProcess server(env);
    CHECK(server.log().find("applied migration 0006_email_key") != std::string::npos);
    const HttpClient client(server.port());
    const Response bob = login(client, "BOB@x.io", "pwd");
    CHECK_STATUS(bob, 200);
    CHECK(text_member(bob, "id") == "u1");
    CHECK(text_member(login(client, " Ann@X.io", "pwd"), "id") == "u2");
    CHECK(server.create_user("bob.OLD@x.io", "pw").exit_code == 1);
}

}  // namespace

}  // namespace authapi::e2e
