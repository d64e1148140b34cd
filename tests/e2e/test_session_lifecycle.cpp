// Beyond the task: idle timeout, session metadata, rotation on login.
#include <doctest/doctest.h>

#include <memory>
#include <thread>
#include <vector>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"
#include "session_rows.hpp"

namespace authapi::e2e {

namespace {

TEST_CASE("idle timeout: a session in use stays valid, an idle one is refused, in every mode") {
    struct Mode {
        std::unique_ptr<ServerProcess> server;
        std::string token;
    };
    std::vector<Mode> modes;
    for (const char* mode : kSessionModes) {
        Mode m;
        m.server = std::make_unique<ServerProcess>(Environment{
            {"AUTH_TYPE", mode}, {"SESSION_IDLE_TIMEOUT", "5"}, {"SESSION_DURATION", "3600"}});
        m.server->seed_user(kSessionEmail, kSessionPassword);
        modes.push_back(std::move(m));
    }
    // All logins together, once every server is up, so no session idles
    // while the next server starts.
    for (Mode& m : modes) {
        m.token = login_token(HttpClient(m.server->port()), kSessionEmail, kSessionPassword);
    }
    // Used every 1.5 s for 6 s, more than the timeout: never refused.
    // last_seen_at may lag a use by up to 1 s (its write interval), which
    // leaves 2.5 s for a loaded machine's slow logins and requests.
    for (int round = 0; round < 4; ++round) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        for (const Mode& m : modes) {
            CAPTURE(m.server->environment().at("AUTH_TYPE"));
            CHECK_STATUS(me(HttpClient(m.server->port()), m.token), 200);
        }
    }
    // Then idle for more than the timeout.
    std::this_thread::sleep_for(std::chrono::milliseconds(6500));
    for (const Mode& m : modes) {
        CAPTURE(m.server->environment().at("AUTH_TYPE"));
        const HttpClient client(m.server->port());
        CHECK_ERROR(me(client, m.token), 403, "Forbidden");
        // Logging in again works.
        CHECK_STATUS(me(client, login_token(client, kSessionEmail, kSessionPassword)), 200);
    }
}

TEST_CASE("last_seen_at is not written on every request") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}, {"SESSION_IDLE_TIMEOUT", "600"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    const auto before = session_rows(server.db_path());
    REQUIRE(before.size() == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    for (int i = 0; i < 20; ++i) CHECK_STATUS(me(client, token), 200);
    const auto after = session_rows(server.db_path());
    REQUIRE(after.size() == 1);
    // A tenth of 600 s has not passed: no write yet.
    CHECK(after[0].last_seen_at == before[0].last_seen_at);
    CHECK(after[0].last_seen_at == after[0].created_at);
}

TEST_CASE("with a 3 s idle timeout, last_seen_at follows the requests") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}, {"SESSION_IDLE_TIMEOUT", "3"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    CHECK_STATUS(me(client, token), 200);
    const auto rows = session_rows(server.db_path());
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].last_seen_at > rows[0].created_at);
}

TEST_CASE("session rows record created, last seen, expiry, client address and user agent") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}, {"SESSION_DURATION", "3600"}});
    const std::string id = server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const Response login =
        login_with(client, kSessionEmail, kSessionPassword, {{"User-Agent", "e2e-agent/1.0"}});
    CHECK_STATUS(login, 200);
    const std::string long_agent(1000, 'x');
    CHECK_STATUS(login_with(client, kSessionEmail, kSessionPassword, {{"User-Agent", long_agent}}),
                 200);
    CHECK_STATUS(login_with(client, kSessionEmail, kSessionPassword, {}), 200);

    const auto rows = session_rows(server.db_path(), id);
    REQUIRE(rows.size() == 3);
    CHECK(is_timestamp(rows[0].created_at));
    CHECK(rows[0].last_seen_at == rows[0].created_at);
    REQUIRE(rows[0].expires_at);
    CHECK(*rows[0].expires_at > rows[0].created_at);
    CHECK(rows[0].ip == std::optional<std::string>("127.0.0.1"));
    CHECK(rows[0].user_agent == std::optional<std::string>("e2e-agent/1.0"));
    CHECK(rows[1].user_agent == std::optional<std::string>(std::string(256, 'x')));
    CHECK_FALSE(rows[2].user_agent);
    // Only the token's hash is stored.
    CHECK(rows[0].token_hash == sha256_hex_of(cookie_value(login).value_or("")));
}

TEST_CASE("rotation: a login over a session cookie ends that session, in every mode") {
    for (const std::string mode : kSessionModes) {
        CAPTURE(mode);
        ServerProcess server({{"AUTH_TYPE", mode}});
        server.seed_user(kSessionEmail, kSessionPassword);
        server.seed_user(kBobEmail, kBobPassword);
        const HttpClient client(server.port());

        const std::string old_token = login_token(client, kSessionEmail, kSessionPassword);
        const Response again =
            login_with(client, kSessionEmail, kSessionPassword, session_cookie(old_token));
        CHECK_STATUS(again, 200);
        const std::string new_token = cookie_value(again).value_or("");
        CHECK(new_token != old_token);
        CHECK_ERROR(me(client, old_token), 403, "Forbidden");
        CHECK_STATUS(me(client, new_token), 200);

        // Over another user's cookie: that user's session ends too.
        const std::string bobs = login_token(client, kBobEmail, kBobPassword);
        const Response over =
            login_with(client, kSessionEmail, kSessionPassword, session_cookie(bobs));
        CHECK_STATUS(over, 200);
        CHECK_ERROR(me(client, bobs), 403, "Forbidden");
        CHECK(text_member(me(client, cookie_value(over).value_or("")), "email") == kSessionEmail);

        // A failed login ends nothing.
        CHECK_ERROR(login_with(client, kSessionEmail, "wrong", session_cookie(new_token)), 401,
                    "wrong password");
        CHECK_STATUS(me(client, new_token), 200);

        if (mode == "session_db_auth") {
            // Two logins of the same user remain: new_token's and over's.
            CHECK(session_rows(server.db_path()).size() == 2);
        }
    }
}

}  // namespace

}  // namespace authapi::e2e
