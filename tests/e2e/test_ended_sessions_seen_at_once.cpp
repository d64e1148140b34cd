// A busy instance keeps what it read between requests where it can (SQLite:
// each thread's read snapshot, reused while nobody has committed). Whatever
// another process ends (a logout on another instance, the CLI, a password
// change, a row deleted by hand) must be refused on the very next request,
// on every connection, however busy the instance is.
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "json_body.hpp"
#include "postgresql_backend.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"
#include "session_rows.hpp"

namespace authapi::e2e {

namespace {

constexpr const char* kOwnerEmail = "owner@hbtn.io";
constexpr const char* kBusyEmail = "busy@hbtn.io";

// Keeps every reactor thread of the server at `port` serving /users/me with
// a session of its own until destroyed.
class BusyClients {
public:
    BusyClients(std::uint16_t port, const std::string& token) {
        for (int i = 0; i < 4; ++i) {
            threads_.emplace_back([this, port, token] {
                const HttpClient client(port);
                while (!stop_) {
                    if (me(client, token).status == 200) ++answered_;
                }
            });
        }
    }
    ~BusyClients() {
        stop_ = true;
        for (auto& thread : threads_) thread.join();
    }
    long answered() const { return answered_; }

private:
    std::atomic<bool> stop_{false};
    std::atomic<long> answered_{0};
    std::vector<std::thread> threads_;
};

// How many of `count` fresh connections still get the session's user.
int still_accepted(const HttpClient& client, const std::string& token, int count) {
    int accepted = 0;
    for (int i = 0; i < count; ++i) {
        if (me(client, token).status == 200) ++accepted;
    }
    return accepted;
}

// Two instances over one database: `busy` kept busy by another user's
// session on every thread, `other` where the owner's changes are made.
struct BusyAndOther {
    TempDirectory dir;
    Environment shared{{"AUTH_TYPE", "session_db_auth"}, {"DB_PATH", dir.file("auth.db")}};
    ServerProcess busy{shared};
    ServerProcess other{shared};
    std::string owner_id;
    HttpClient on_busy{busy.port()};
    HttpClient on_other{other.port()};
    std::unique_ptr<BusyClients> load;

    explicit BusyAndOther(const std::string& owner_password) {
        owner_id = busy.seed_user(kOwnerEmail, owner_password);
        busy.seed_user(kBusyEmail, "busy pwd");
        load = std::make_unique<BusyClients>(busy.port(),
                                             login_token(on_other, kBusyEmail, "busy pwd"));
    }
};

}  // namespace

TEST_CASE("a session ended by another process is refused at once by a busy instance") {
    BusyAndOther both("pwd 0");

    const char* ways[] = {"logout on another instance", "sessions revoke (CLI)",
                          "password change on another instance", "row deleted by hand"};
    int password = 0;
    for (int round = 0; round < 40; ++round) {
        const char* way = ways[round % 4];
        INFO("round " << round << ": " << std::string(way));
        const std::string current = "pwd " + std::to_string(password);
        const std::string token = login_token(both.on_other, kOwnerEmail, current);
        // Seen on several connections first, so that each reactor thread of
        // the busy instance has read it.
        REQUIRE(still_accepted(both.on_busy, token, 6) == 6);
        switch (round % 4) {
            case 0:
                REQUIRE(both.on_other.del(kLogout, session_cookie(token)).status == 200);
                break;
            case 1:
                REQUIRE(both.other.cli({"sessions", "revoke", "--user", both.owner_id}).exit_code ==
                        0);
                break;
            case 2: {
                const std::string keeper = login_token(both.on_other, kOwnerEmail, current);
                ++password;
                const Response changed = both.on_other.put(
                    kPasswordChange, json_content() + session_cookie(keeper),
                    R"({"current_password": ")" + current + R"(", "new_password": "pwd )" +
                        std::to_string(password) + R"("})");
                REQUIRE(changed.status == 200);
                break;
            }
            default:
                exec_sql(both.shared.at("DB_PATH"),
                         "DELETE FROM user_sessions WHERE user_id = '" + both.owner_id + "'");
        }
        CHECK(still_accepted(both.on_busy, token, 6) == 0);
    }
    CHECK(both.load->answered() > 0);
}

// On SQLite a session row carries a copy of its user (schema triggers keep
// it); on PostgreSQL the lookup joins users. Either way a change to the user,
// whoever makes it, is what the next request sees.
TEST_CASE("a user changed by another process is what a busy instance answers next") {
    BusyAndOther both("pwd");
    const std::string token = login_token(both.on_other, kOwnerEmail, "pwd");
    REQUIRE(still_accepted(both.on_busy, token, 6) == 6);

    for (int round = 0; round < 20; ++round) {
        const std::string name = "name " + std::to_string(round);
        const bool by_hand = round % 2 == 1;
        INFO("round " << round << (by_hand ? ": UPDATE by hand" : ": PUT on another instance"));
        if (by_hand) {
            exec_sql(both.shared.at("DB_PATH"), "UPDATE users SET first_name = '" + name +
                                                    "' WHERE id = '" + both.owner_id + "'");
        } else {
            REQUIRE(both.on_other
                        .put("/api/v1/users/" + both.owner_id,
                             json_content() + session_cookie(token),
                             R"({"first_name": ")" + name + R"("})")
                        .status == 200);
        }
        for (int i = 0; i < 6; ++i) {
            const Response answer = me(both.on_busy, token);
            REQUIRE(answer.status == 200);
            CHECK(text_member(answer, "first_name") == name);
            CHECK(text_member(answer, "email") == kOwnerEmail);
        }
    }
    CHECK(both.load->answered() > 0);
}

TEST_CASE("an idle instance lets go of its read snapshots: checkpoints are not held back") {
    if (postgresql_backend_url()) return;  // SQLite's write-ahead log only
    TempDirectory dir;
    ServerProcess server(test_environment(dir.file("auth.db"), {{"AUTH_TYPE", "session_db_auth"}}));
    server.seed_user(kOwnerEmail, "pwd");
    const HttpClient client(server.port());
    const std::string token = login_token(client, kOwnerEmail, "pwd");
    REQUIRE(still_accepted(client, token, 6) == 6);
    // After a tick (250 ms) each HTTP thread keeps its snapshot between
    // requests: these leave one open on each.
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    REQUIRE(still_accepted(client, token, 6) == 6);

    SQLite::Database beside = open_database(dir.file("auth.db"));
    for (int i = 0; i < 5; ++i)
        beside.exec("UPDATE users SET first_name = 'n" + std::to_string(i) + "'");
    // The server's threads end their snapshots within a tick (250 ms); a
    // loaded machine may delay a tick, so this asks for up to 10 s. A
    // snapshot never ended would hold the checkpoint back for good.
    bool complete = false;
    for (int attempt = 0; attempt < 40 && !complete; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        SQLite::Statement checkpoint(beside, "PRAGMA wal_checkpoint(PASSIVE)");
        REQUIRE(checkpoint.executeStep());
        complete = checkpoint.getColumn(2).getInt() == checkpoint.getColumn(1).getInt();
    }
    CHECK(complete);
}

}  // namespace authapi::e2e
