// Password checks and session creation under concurrency, through the real
// server: what an attacker who knows an old password, or floods the login,
// gets when racing the owner or the throttle.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "concurrent_requests.hpp"
#include "prometheus_text.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

double verifications(const HttpClient& client) {
    return PrometheusText(client.get("/api/v1/metrics").body)
        .counter(R"(auth_api_password_hash_duration_seconds_count{operation="verify"})");
}

// One run: two attackers who know `old_password` log in again and again
// while the owner, logged in with it too, changes it to `new_password`.
// Returns how many of the attackers' sessions still work once the change has
// answered and every login in flight has ended.
int surviving_old_sessions(const HttpClient& client, const std::string& old_password,
                           const std::string& new_password) {
    const std::string owner = login_token(client, kSessionEmail, old_password);
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::vector<std::string> stolen;
    std::vector<std::thread> attackers;
    for (int a = 0; a < 2; ++a) {
        attackers.emplace_back([&] {
            while (!stop.load()) {
                try {
                    const Response response = login(client, kSessionEmail, old_password);
                    if (response.status != 200) continue;
                    const std::lock_guard<std::mutex> lock(mutex);
                    stolen.push_back(cookie_value(response).value_or(""));
                } catch (const HttpError&) {
                }
            }
        });
    }
    // Let both attackers get a login into the hash first.
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    const Response changed = client.put(kPasswordChange, json_content() + session_cookie(owner),
                                        R"({"current_password": ")" + old_password +
                                            R"(", "new_password": ")" + new_password + R"("})");
    stop = true;
    for (auto& attacker : attackers) attacker.join();
    CHECK_EMPTY_OBJECT(changed);
    CHECK_STATUS(me(client, owner), 200);  // the owner's own session stays
    int survivors = 0;
    for (const auto& token : stolen) survivors += me(client, token).status == 200 ? 1 : 0;
    return survivors;
}

void check_no_old_session_survives(const std::string& mode, int runs) {
    ServerProcess server({{"AUTH_TYPE", mode},
                          {"API_HASH_THREADS", "4"},
                          {"THROTTLE_ACCOUNT_FAILURES", "0"},
                          {"THROTTLE_IP_FAILURES", "0"}});
    server.seed_user(kSessionEmail, "password 0");
    const HttpClient client(server.port(), std::chrono::seconds(30));
    int runs_with_survivors = 0;
    int survivors = 0;
    for (int run = 0; run < runs; ++run) {
        const int left = surviving_old_sessions(client, "password " + std::to_string(run),
                                                "password " + std::to_string(run + 1));
        survivors += left;
        runs_with_survivors += left > 0 ? 1 : 0;
    }
    MESSAGE(mode << ": " << survivors << " old-password sessions survived, in "
                 << runs_with_survivors << " of " << runs << " runs");
    CHECK(survivors == 0);
}

}  // namespace

TEST_CASE("a password change during a stream of logins leaves no session of the old password") {
    check_no_old_session_survives("session_db_auth", 20);
}

TEST_CASE("the same race with sessions in memory") {
    check_no_old_session_survives("session_auth", 10);
}

TEST_CASE("100 concurrent wrong passwords: exactly the limit is verified, the rest is 429") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"},
                          {"API_HASH_THREADS", "32"},
                          {"API_HASH_QUEUE", "128"},
                          {"API_HASH_QUEUE_PER_IP", "128"},
                          {"THROTTLE_ACCOUNT_FAILURES", "10"},
                          {"THROTTLE_IP_FAILURES", "0"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port(), std::chrono::seconds(60));
    const double before = verifications(client);

    const auto responses = all_at_once(
        100, [&](int i) { return login(client, kSessionEmail, "wrong " + std::to_string(i)); });
    for (const auto& response : responses) {
        if (response.status != 401) CHECK_ERROR(response, 429, "too many attempts");
    }
    CHECK(count_status(responses, 401) == 10);
    CHECK(count_status(responses, 429) == 90);
    CHECK(verifications(client) - before == 10);  // a refused attempt hashed nothing
    // And the account stays locked, for the right password too.
    CHECK_ERROR(login(client, kSessionEmail, kSessionPassword), 429, "too many attempts");
}

TEST_CASE("the right password among 39 wrong ones gives back its own attempt, not the count") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"},
                          {"API_HASH_THREADS", "8"},
                          {"THROTTLE_ACCOUNT_FAILURES", "10"},
                          {"THROTTLE_IP_FAILURES", "0"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port(), std::chrono::seconds(60));
    const double before = verifications(client);

    const auto responses = all_at_once(40, [&](int i) {
        return login(client, kSessionEmail, i == 0 ? kSessionPassword : "wrong");
    });
    const int ok = count_status(responses, 200);
    const int failed = count_status(responses, 401);
    CHECK(ok <= 1);
    CHECK(failed <= 10);
    CHECK(count_status(responses, 429) == 40 - ok - failed);
    CHECK(verifications(client) - before == ok + failed);
    MESSAGE("40 at once: " << ok << " ok, " << failed << " wrong, " << count_status(responses, 429)
                           << " refused");
    // Exactly the failures stay counted: 10 - failed more wrong passwords are
    // checked, then the account is locked.
    for (int i = failed; i < 10; ++i) {
        CHECK_ERROR(login(client, kSessionEmail, "wrong again"), 401, "wrong password");
    }
    CHECK_ERROR(login(client, kSessionEmail, kSessionPassword), 429, "too many attempts");
}

TEST_CASE("a refused attempt is answered at once: it never waits for, or fills, the hash queue") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"},
                          {"API_HASH_THREADS", "1"},
                          {"API_HASH_QUEUE", "1"},
                          {"THROTTLE_ACCOUNT_FAILURES", "2"},
                          {"THROTTLE_IP_FAILURES", "0"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port(), std::chrono::seconds(30));
    CHECK_STATUS(login(client, kSessionEmail, "wrong"), 401);
    CHECK_STATUS(login(client, kSessionEmail, "wrong"), 401);
    // A queue of one: were they queued, all but two would be 503.
    const auto responses =
        all_at_once(30, [&](int) { return login(client, kSessionEmail, "wrong"); });
    CHECK(count_status(responses, 429) == 30);
}

TEST_CASE("a request refused by CSRF or the access policy never takes a hash thread") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"},
                          {"ACCESS_POLICY", "owner"},
                          {"API_HASH_THREADS", "1"},
                          {"API_HASH_QUEUE", "1"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port(), std::chrono::seconds(30));
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    const auto hashes = [&] {
        return verifications(client) +
               PrometheusText(client.get("/api/v1/metrics").body)
                   .counter(R"(auth_api_password_hash_duration_seconds_count{operation="hash"})");
    };
    const double before = hashes();
    // A queue of one: were they queued for a hash, all but two would be 503.
    const auto cross_site = all_at_once(30, [&](int) {
        return client.post("/api/v1/auth_session/login",
                           form_content() + RequestHeaders{{"Sec-Fetch-Site", "cross-site"}},
                           form_body({{"email", kSessionEmail}, {"password", kSessionPassword}}));
    });
    CHECK(count_status(cross_site, 403) == 30);
    // Creating a user hashes its password; an ordinary user may not, under owner.
    const auto not_admin = all_at_once(30, [&](int i) {
        return client.post(
            "/api/v1/users", json_content() + session_cookie(token),
            R"({"email": "new)" + std::to_string(i) + R"(@x.io", "password": "pw"})");
    });
    CHECK(count_status(not_admin, 403) == 30);
    CHECK(hashes() == before);
}

TEST_CASE("one client flooding the hash queue does not keep another client out") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"},
                          {"API_HASH_THREADS", "1"},
                          {"API_HASH_QUEUE", "8"},
                          {"THROTTLE_ACCOUNT_FAILURES", "0"},
                          {"THROTTLE_IP_FAILURES", "0"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    server.seed_user(kBobEmail, kBobPassword);
    const HttpClient flood_client(server.port(), std::chrono::seconds(30));
    // Another client: another loopback address.
    const HttpClient other(server.port(), std::chrono::seconds(30), "127.0.0.1", "127.0.0.2");

    std::atomic<bool> stop{false};
    std::atomic<int> flood_busy{0};
    std::vector<std::thread> flood;
    for (int i = 0; i < 16; ++i) {
        flood.emplace_back([&] {
            while (!stop.load()) {
                try {
                    if (login(flood_client, kSessionEmail, kSessionPassword).status == 503) {
                        ++flood_busy;
                    }
                } catch (const HttpError&) {
                }
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the queue is full by now
    std::vector<Response> others;
    for (int i = 0; i < 6; ++i) others.push_back(login(other, kBobEmail, kBobPassword));
    stop = true;
    for (auto& thread : flood) thread.join();

    CHECK(flood_busy.load() > 0);  // the flood did fill its share of the queue
    for (const auto& response : others) CHECK_STATUS(response, 200);
    CHECK(server.log().find("127.0.0.2") != std::string::npos);
}

}  // namespace authapi::e2e
