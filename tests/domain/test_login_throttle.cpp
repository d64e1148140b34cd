#include <doctest/doctest.h>

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

}  // namespace

TEST_CASE("the account limit: the 11th attempt is refused until the oldest failure ages out") {
    FakeClock clock{1'700'000'000};
    LoginThrottle throttle(clock, {10, kWindow}, {0, kWindow});
    for (int i = 0; i < 10; ++i) {
        CHECK(retry_after(throttle, "a@b.c", "1.2.3.4") == 0);
        throttle.record_failure("a@b.c", "1.2.3.4");
        clock.advance(10);
    }
    // First failure at t0, now t0 + 100: open again at t0 + 900.
    CHECK(retry_after(throttle, "a@b.c", "1.2.3.4") == kWindow - 100);
    CHECK(retry_after(throttle, "a@b.c", "5.6.7.8") == kWindow - 100);  // from any IP
    CHECK(retry_after(throttle, "other@b.c", "1.2.3.4") == 0);
    clock.advance(kWindow - 100 - 1);
    CHECK(retry_after(throttle, "a@b.c", "1.2.3.4") == 1);
    clock.advance(1);
    CHECK(retry_after(throttle, "a@b.c", "1.2.3.4") == 0);  // a sliding window: one slot freed
    throttle.record_failure("a@b.c", "1.2.3.4");
    CHECK(retry_after(throttle, "a@b.c", "1.2.3.4") == 10);
}

TEST_CASE("a success clears the account's failures, not the IP's") {
    FakeClock clock{1'700'000'000};
    LoginThrottle throttle(clock, {3, kWindow}, {5, kWindow});
    for (int i = 0; i < 3; ++i) throttle.record_failure("a@b.c", "1.2.3.4");
    CHECK(retry_after(throttle, "a@b.c", "9.9.9.9") > 0);
    throttle.record_success("a@b.c");
    CHECK(retry_after(throttle, "a@b.c", "9.9.9.9") == 0);
    throttle.record_failure("x@b.c", "1.2.3.4");
    throttle.record_failure("y@b.c", "1.2.3.4");
    CHECK(retry_after(throttle, "z@b.c", "1.2.3.4") == kWindow);  // the IP made 5 failures
    CHECK(retry_after(throttle, "z@b.c", "1.2.3.5") == 0);
}

TEST_CASE("a limit of 0 is off") {
    FakeClock clock{1'700'000'000};
    LoginThrottle throttle(clock, {0, kWindow}, {0, kWindow});
    for (int i = 0; i < 1000; ++i) throttle.record_failure("a@b.c", "1.2.3.4");
    CHECK(retry_after(throttle, "a@b.c", "1.2.3.4") == 0);
}

TEST_CASE("memory stays bounded: stale keys go first, then the stalest live one") {
    FakeClock clock{1'700'000'000};
    FailureWindow window({2, kWindow}, 3);
    window.record_failure("a", clock.now());
    window.record_failure("a", clock.now());
    clock.advance(1);
    window.record_failure("b", clock.now());
    window.record_failure("c", clock.now());
    CHECK(window.size() == 3);
    window.record_failure("d", clock.now());  // full of live keys: "a" is the stalest
    CHECK(window.size() == 3);
    CHECK_FALSE(window.blocked_for("a", clock.now()));
    clock.advance(kWindow);
    window.record_failure("e", clock.now());  // b, c, d are out of the window now
    CHECK(window.size() == 1);
    // Per key, only the newest max_failures timestamps are kept.
    for (int i = 0; i < 100; ++i) window.record_failure("e", clock.now());
    CHECK(window.blocked_for("e", clock.now()) == kWindow);
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
    throttle.record_failure("a@b.c", "2001:db8:1:2::1");
    throttle.record_failure("b@b.c", "2001:db8:1:2::2");
    CHECK(retry_after(throttle, "c@b.c", "2001:db8:1:2::3") == kWindow);
    CHECK(retry_after(throttle, "c@b.c", "2001:db8:1:3::3") == 0);
}
