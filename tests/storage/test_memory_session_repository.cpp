// Behaviours shared with the SQLite store are in
// test_session_repository_contract.cpp; this covers concurrency.
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "memory_session_repository.hpp"
#include "storage_fixture.hpp"

namespace authapi::test {

TEST_CASE("the memory store stays consistent under concurrent use") {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 2000;
    StorageFixture storage;  // users stay in SQLite
    for (int t = 0; t < kThreads; ++t) {
        const std::string id = "u" + std::to_string(t);
        storage.users.insert(make_user(id, id + "@example.com"));
    }
    MemorySessionRepository sessions{storage.users};
    std::atomic<int> misses{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const std::string n = std::to_string(t) + "-" + std::to_string(i);
                // Odd sessions are already expired; even ones never expire.
                const auto expires_at =
                    i % 2 == 1 ? std::optional<std::int64_t>(kNow - 1) : std::nullopt;
                sessions.insert(
                    make_session("s" + n, "u" + std::to_string(t), "hash-" + n, expires_at));
                // An expired one may already be purged by another thread.
                if (!expires_at && !sessions.find_by_token_hash("hash-" + n)) {
                    ++misses;
                }
                if (i % 4 == 0 && !sessions.remove_by_token_hash("hash-" + n)) {
                    ++misses;
                }
                if (i % 100 == 0) {
                    sessions.remove_expired({kNow, std::nullopt}, 100);
                }
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    sessions.remove_expired({kNow, std::nullopt}, 100);

    CHECK(misses == 0);
    for (int t = 0; t < kThreads; ++t) {
        for (int i = 0; i < kPerThread; ++i) {
            const std::string n = std::to_string(t) + "-" + std::to_string(i);
            const bool should_remain = i % 2 == 0 && i % 4 != 0;
            if (sessions.find_by_token_hash("hash-" + n).has_value() != should_remain) {
                FAIL_CHECK("session " << n << " should " << (should_remain ? "" : "not ")
                                      << "remain");
            }
        }
    }
}

}  // namespace authapi::test
