// Concurrent requests on the 2 server threads: nobody sees another user.
#include <doctest/doctest.h>

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

}  // namespace

}  // namespace authapi::e2e
