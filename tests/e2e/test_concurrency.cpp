// Concurrent requests on the 2 server threads: nobody sees another user.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

TEST_CASE("concurrent sessions each see their own user") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    constexpr int kUsers = 4;
    constexpr int kRequests = 25;
    std::vector<std::string> ids;
    for (int i = 0; i < kUsers; ++i) {
        ids.push_back(server.seed_user("user" + std::to_string(i) + "@hbtn.io", "pw"));
    }

    // Threads only record what they saw; the checks run on this thread.
    std::vector<std::vector<std::string>> seen(kUsers);
    std::vector<std::string> errors(kUsers);
    std::vector<std::thread> threads;
    for (int i = 0; i < kUsers; ++i) {
        threads.emplace_back([&, i] {
            try {
                const HttpClient client(server.port());
                const std::string token =
                    login_token(client, "user" + std::to_string(i) + "@hbtn.io", "pw");
                for (int n = 0; n < kRequests; ++n) {
                    const Response me = client.get("/api/v1/users/me", session_cookie(token));
                    seen[i].push_back(me.status == 200 ? text_member(me, "id") : describe(me));
                }
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        });
    }
    for (auto& thread : threads) thread.join();

    for (int i = 0; i < kUsers; ++i) {
        CAPTURE(i);
        CHECK(errors[i] == "");
        CHECK(seen[i].size() == static_cast<std::size_t>(kRequests));
        for (const auto& id : seen[i]) CHECK(id == ids[i]);
    }
}

using SteadyClock = std::chrono::steady_clock;

// Logs in `count` times at once, each on its own connection; returns what
// each got and when it finished.
struct LoginFlood {
    LoginFlood(std::uint16_t port, int count) : responses(count), finished(count) {
        for (int i = 0; i < count; ++i) {
            threads.emplace_back([this, port, i] {
                ++started;
                while (started.load() < static_cast<int>(responses.size())) {
                    std::this_thread::yield();
                }
                try {
                    const HttpClient client(port, std::chrono::seconds(30));
                    responses[i] = login(client, kSessionEmail, kSessionPassword);
                } catch (const std::exception& e) {
                    responses[i].body = e.what();
                }
                finished[i] = SteadyClock::now();
            });
        }
    }
    void join() {
        for (auto& thread : threads) thread.join();
    }
    std::vector<Response> responses;
    std::vector<SteadyClock::time_point> finished;
    std::vector<std::thread> threads;
    std::atomic<int> started{0};
};

TEST_CASE("/status answers on the same thread while logins are being hashed") {
    // One reactor thread and one hash thread: eight logins take eight hashes
    // in a row, and /status must not wait behind them.
    ServerProcess server(
        {{"AUTH_TYPE", "session_db_auth"}, {"API_THREADS", "1"}, {"API_HASH_THREADS", "1"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    LoginFlood flood(server.port(), 8);
    while (flood.started.load() < 8) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const Response status = HttpClient(server.port()).get("/api/v1/status");
    const auto status_done = SteadyClock::now();
    flood.join();

    CHECK_STATUS(status, 200);
    for (const auto& response : flood.responses) CHECK_STATUS(response, 200);
    const auto last_login = *std::max_element(flood.finished.begin(), flood.finished.end());
    CHECK(status_done < last_login);
}

TEST_CASE("a full hash queue answers 503 with Retry-After, and the rest still log in") {
    ServerProcess server(
        {{"AUTH_TYPE", "session_db_auth"}, {"API_HASH_THREADS", "1"}, {"API_HASH_QUEUE", "1"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    LoginFlood flood(server.port(), 12);
    flood.join();

    int ok = 0;
    int busy = 0;
    for (const auto& response : flood.responses) {
        CAPTURE(describe(response));
        if (response.status == 200) {
            ++ok;
        } else {
            CHECK_ERROR(response, 503, "Service Unavailable");
            CHECK(response.headers.get("Retry-After") == "1");
            ++busy;
        }
    }
    CHECK(ok >= 1);
    CHECK(busy >= 1);
    // Refused logins were never half-done: the server still works.
    CHECK_STATUS(HttpClient(server.port()).get("/api/v1/status"), 200);
}

}  // namespace

}  // namespace authapi::e2e
