#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "fakes.hpp"
#include "login_throttle.hpp"

using namespace authapi;
using namespace authapi::testing;

namespace {

constexpr std::int64_t kWindow = 900;

std::int64_t retry_after(const LoginThrottle& throttle, const std::string& account,
                         const std::string& ip) {
    try {
        throttle.check(account, ip);
    } catch (const TooManyAttempts& e) {
        return e.retry_after_seconds();
    }
    return 0;
}

// A check that failed: its attempt stays counted.
void fail(LoginThrottle& throttle, const std::string& account, const std::string& ip) {
    throttle.reserve(account, ip).count_as_failure();
}

}  // namespace

TEST_CASE("the account limit: the 11th attempt is refused until the oldest failure ages out") {
    FakeClock clock{1'700'000'000};
    LoginThrottle throttle(clock, {10, kWindow}, {0, kWindow});
    for (int i = 0; i < 10; ++i) {
        CHECK(retry_after(throttle, "a@b.c", "1.2.3.4") == 0);
        fail(throttle, "a@b.c", "1.2.3.4");
        clock.advance(10);
    }
    // First failure at t0, now t0 + 100: open again at t0 + 900.
    CHECK(retry_after(throttle, "a@b.c", "1.2.3.4") == kWindow - 100);
    CHECK(retry_after(throttle, "a@b.c", "5.6.7.8") == kWindow - 100);  // from any IP
    CHECK(retry_after(throttle, "other@b.c", "1.2.3.4") == 0);
    CHECK_THROWS_AS(throttle.reserve("a@b.c", "1.2.3.4"), TooManyAttempts);
    clock.advance(kWindow - 100 - 1);
    CHECK(retry_after(throttle, "a@b.c", "1.2.3.4") == 1);
    clock.advance(1);
    CHECK(retry_after(throttle, "a@b.c", "1.2.3.4") == 0);  // a sliding window: one slot freed
    fail(throttle, "a@b.c", "1.2.3.4");
    CHECK(retry_after(throttle, "a@b.c", "1.2.3.4") == 10);
}

TEST_CASE("an attempt counts from its reservation, before its check is made") {
    FakeClock clock{1'700'000'000};
    LoginThrottle throttle(clock, {3, kWindow}, {0, kWindow});
    std::vector<AttemptReservation> in_flight;
    for (int i = 0; i < 3; ++i) in_flight.push_back(throttle.reserve("a@b.c", "1.2.3.4"));
    CHECK_THROWS_AS(throttle.reserve("a@b.c", "1.2.3.4"), TooManyAttempts);
    in_flight.pop_back();  // never checked: given back
    AttemptReservation next = throttle.reserve("a@b.c", "1.2.3.4");
    CHECK_THROWS_AS(throttle.reserve("a@b.c", "1.2.3.4"), TooManyAttempts);
}

TEST_CASE("a success gives back its own attempt only: the failures stay") {
    FakeClock clock{1'700'000'000};
    LoginThrottle throttle(clock, {3, kWindow}, {5, kWindow});
    fail(throttle, "a@b.c", "1.2.3.4");
    fail(throttle, "a@b.c", "1.2.3.4");
    throttle.reserve("a@b.c", "9.9.9.9").give_back();  // the right password
    CHECK(retry_after(throttle, "a@b.c", "9.9.9.9") == 0);
    fail(throttle, "a@b.c", "1.2.3.4");
    CHECK(retry_after(throttle, "a@b.c", "9.9.9.9") == kWindow);  // 3 failures, the success none
    fail(throttle, "x@b.c", "1.2.3.4");
    fail(throttle, "y@b.c", "1.2.3.4");
    CHECK(retry_after(throttle, "z@b.c", "1.2.3.4") == kWindow);  // the IP made 5 failures
    CHECK(retry_after(throttle, "z@b.c", "1.2.3.5") == 0);
}

TEST_CASE("refused by the IP limit, nothing stays reserved for the account") {
    FakeClock clock{1'700'000'000};
    LoginThrottle throttle(clock, {2, kWindow}, {1, kWindow});
    fail(throttle, "a@b.c", "1.2.3.4");
    CHECK_THROWS_AS(throttle.reserve("b@b.c", "1.2.3.4"), TooManyAttempts);
    CHECK_THROWS_AS(throttle.reserve("b@b.c", "1.2.3.4"), TooManyAttempts);
    fail(throttle, "b@b.c", "5.6.7.8");
    fail(throttle, "b@b.c", "5.6.7.9");
    CHECK(retry_after(throttle, "b@b.c", "1.1.1.1") == kWindow);
}

TEST_CASE("concurrent reservations never pass the limit together") {
    FakeClock clock{1'700'000'000};
    LoginThrottle throttle(clock, {10, kWindow}, {0, kWindow});
    std::atomic<int> granted{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                try {
                    throttle.reserve("a@b.c", "1.2.3.4").count_as_failure();
                    ++granted;
                } catch (const TooManyAttempts&) {
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(granted == 10);
}

TEST_CASE("a limit of 0 is off") {
    FakeClock clock{1'700'000'000};
    LoginThrottle throttle(clock, {0, kWindow}, {0, kWindow});
    for (int i = 0; i < 1000; ++i) fail(throttle, "a@b.c", "1.2.3.4");
    CHECK(retry_after(throttle, "a@b.c", "1.2.3.4") == 0);
}

TEST_CASE("memory stays bounded: stale keys go first, then the stalest live one") {
    FakeClock clock{1'700'000'000};
    MemoryAttemptWindows window({2, kWindow}, 3);
    CHECK(window.reserve("a", clock.now()).granted);
    CHECK(window.reserve("a", clock.now()).granted);
    clock.advance(1);
    CHECK(window.reserve("b", clock.now()).granted);
    CHECK(window.reserve("c", clock.now()).granted);
    CHECK(window.size() == 3);
    CHECK(window.reserve("d", clock.now()).granted);  // full of live keys: "a" is the stalest
    CHECK(window.size() == 3);
    CHECK_FALSE(window.blocked_for("a", clock.now()));
    clock.advance(kWindow);
    CHECK(window.reserve("e", clock.now()).granted);  // b, c, d are out of the window now
    CHECK(window.size() == 1);
    // A key never holds more than its limit: the rest is refused.
    CHECK(window.reserve("e", clock.now()).granted);
    for (int i = 0; i < 100; ++i) CHECK_FALSE(window.reserve("e", clock.now()).granted);
    CHECK(window.blocked_for("e", clock.now()) == kWindow);
}

TEST_CASE("release takes back exactly the attempt it names") {
    FakeClock clock{1'700'000'000};
    MemoryAttemptWindows window({2, kWindow}, 10);
    const auto first = window.reserve("a", clock.now());
    const auto second = window.reserve("a", clock.now());
    window.release("a", second.tag);
    window.release("a", second.tag);  // twice: still only that one
    CHECK(window.reserve("a", clock.now()).granted);
    CHECK_FALSE(window.reserve("a", clock.now()).granted);
    window.release("a", first.tag);
    CHECK(window.reserve("a", clock.now()).granted);
}

TEST_CASE("IPv6 clients are counted by their /64, IPv4-mapped ones as IPv4") {
    CHECK(client_ip_key("127.0.0.1") == "127.0.0.1");
    CHECK(client_ip_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64");
    CHECK(client_ip_key("2001:db8:1:2:ffff:ffff:ffff:ffff") == "2001:db8:1:2::/64");
    CHECK(client_ip_key("::ffff:10.0.0.7") == "10.0.0.7");
    CHECK(client_ip_key("::1") == "::/64");
    CHECK(client_ip_key("not an ip") == "not an ip");

    FakeClock clock{1'700'000'000};
    LoginThrottle throttle(clock, {0, kWindow}, {2, kWindow});
    fail(throttle, "a@b.c", "2001:db8:1:2::1");
    fail(throttle, "b@b.c", "2001:db8:1:2::2");
    CHECK(retry_after(throttle, "c@b.c", "2001:db8:1:2::3") == kWindow);
    CHECK(retry_after(throttle, "c@b.c", "2001:db8:1:3::3") == 0);
}
