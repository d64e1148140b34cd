// SIGKILL at random moments under logins, logouts and user writes: whatever
// the server acknowledged is still true after a restart, and the database
// file is intact.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "json_body.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

// What the clients were told, across every round. A token whose logout was
// sent but not answered is in neither set: both outcomes are allowed.
struct Acknowledged {
    std::mutex mutex;
    std::set<std::string> live;        // login answered 200, no logout sent
    std::set<std::string> logged_out;  // logout answered 200
    std::set<std::string> users;       // POST /users answered 201
    // PUT /users/<id> first_name: the last value answered 200, and the one
    // sent after it whose answer never came (either may be on disk).
    std::map<std::string, std::set<std::string>> first_names;
    int requests = 0;
};

// One client: logs in, works with the session, logs out its older sessions,
// creates and renames users, until the server dies under it.
void client_loop(std::uint16_t port, int client, Acknowledged& acked) {
    const HttpClient http(port, std::chrono::seconds(10));
    std::vector<std::string> mine;
    std::string my_user;
    for (int step = 0;; ++step) {
        try {
            const Response logged_in = login(http, kSessionEmail, kSessionPassword);
            if (logged_in.status != 200) return;
            const std::string token = cookie_value(logged_in).value_or("");
            {
                const std::lock_guard<std::mutex> lock(acked.mutex);
                acked.live.insert(token);
                ++acked.requests;
            }
            mine.push_back(token);
            if (mine.size() > 1) {
                const std::string old = mine.front();
                mine.erase(mine.begin());
                {
                    const std::lock_guard<std::mutex> lock(acked.mutex);
                    acked.live.erase(old);
                }
                const Response out = http.del("/api/v1/auth_session/logout", session_cookie(old));
                const std::lock_guard<std::mutex> lock(acked.mutex);
                ++acked.requests;
                if (out.status == 200) acked.logged_out.insert(old);
            }
            if (my_user.empty()) {
                const std::string email =
                    "c" + std::to_string(client) + "s" + std::to_string(step) + "@crash.test";
                const Response created =
                    http.post("/api/v1/users", json_content() + session_cookie(token),
                              R"({"email": ")" + email + R"(", "password": "pwd"})");
                if (created.status != 201) return;
                my_user = text_member(created, "id");
                const std::lock_guard<std::mutex> lock(acked.mutex);
                acked.users.insert(my_user);
                acked.first_names[my_user] = {""};
                ++acked.requests;
            }
            // Renames are cheap (no password hash): most writes are these.
            for (int rename = 0; rename < 4 && !my_user.empty(); ++rename) {
                const std::string name = "n" + std::to_string(step) + "-" + std::to_string(rename);
                {
                    const std::lock_guard<std::mutex> lock(acked.mutex);
                    acked.first_names[my_user].insert(name);
                }
                const Response renamed =
                    http.put("/api/v1/users/" + my_user, json_content() + session_cookie(token),
                             R"({"first_name": ")" + name + "\"}");
                if (renamed.status != 200) return;
                const std::lock_guard<std::mutex> lock(acked.mutex);
                acked.first_names[my_user] = {name};
                ++acked.requests;
            }
        } catch (const HttpError&) {
            return;  // the server was killed
        }
    }
}

std::string integrity_check(const std::string& db_path) {
    SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
    return db.execAndGet("PRAGMA integrity_check").getString();
}

TEST_CASE("SIGKILL at random moments loses no acknowledged login, logout or user") {
    TempDirectory data;
    const Environment env{{"AUTH_TYPE", "session_db_auth"}, {"DB_PATH", data.file("auth.db")}};
    Acknowledged acked;
    std::mt19937 random(std::random_device{}());
    constexpr int kRounds = 7;
    int kills = 0;
    std::size_t lost = 0;
    {
        ServerProcess seed(env);
        seed.seed_user(kSessionEmail, kSessionPassword);
    }
    for (int round = 0; round < kRounds; ++round) {
        ServerProcess server(env);
        std::vector<std::thread> clients;
        for (int client = 0; client < 3; ++client) {
            clients.emplace_back(client_loop, server.port(), round * 10 + client, std::ref(acked));
        }
        const int delay_ms = std::uniform_int_distribution<int>(300, 1800)(random);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        CHECK(server.stop(SIGKILL) == 128 + SIGKILL);
        ++kills;
        for (auto& client : clients) client.join();

        CAPTURE(round);
        CAPTURE(delay_ms);
        REQUIRE(integrity_check(env.at("DB_PATH")) == "ok");

        ServerProcess restarted(env);
        const HttpClient http(restarted.port());
        const std::lock_guard<std::mutex> lock(acked.mutex);
        for (const std::string& token : acked.live) {
            const Response me = http.get("/api/v1/users/me", session_cookie(token));
            if (me.status != 200) ++lost;
            CHECK_STATUS(me, 200);
        }
        for (const std::string& token : acked.logged_out) {
            CHECK_ERROR(http.get("/api/v1/users/me", session_cookie(token)), 403, "Forbidden");
        }
        const std::string admin = login_token(http, kSessionEmail, kSessionPassword);
        for (const auto& [id, names] : acked.first_names) {
            const Response user = http.get("/api/v1/users/" + id, session_cookie(admin));
            if (user.status != 200) ++lost;
            CHECK_STATUS(user, 200);
            const auto found = user_of(user);
            REQUIRE(found);
            CAPTURE(id);
            CHECK(names.count(found->first_name.value_or("")) == 1);
        }
        CHECK(restarted.stop() == 0);
    }
    MESSAGE("crash safety: " << kills << " SIGKILLs, " << acked.requests << " acknowledged writes, "
                             << acked.live.size() << " live and " << acked.logged_out.size()
                             << " logged-out sessions checked, " << acked.users.size()
                             << " users; lost: " << lost);
    CHECK(lost == 0);
    CHECK(acked.logged_out.size() > 0);
}

}  // namespace

}  // namespace authapi::e2e
