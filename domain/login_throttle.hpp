#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "clock.hpp"

namespace authapi {

// A login (or Basic credential) refused before any password hash runs.
class TooManyAttempts : public std::runtime_error {
public:
    explicit TooManyAttempts(std::int64_t retry_after_seconds)
        : std::runtime_error("too many attempts"), retry_after_(retry_after_seconds) {}
    std::int64_t retry_after_seconds() const { return retry_after_; }

private:
    std::int64_t retry_after_;
};

struct ThrottleLimit {
    int max_failures = 0;  // 0: this limit is off
    std::int64_t window_seconds = 900;
};

// Failed credential checks in a sliding window, keyed by a value (an email,
// a client IP). Keys are stored as a keyed 64-bit hash, so neither a long
// email nor an attacker's choice of collisions costs memory or another
// user's access; at most `max_keys` keys are kept (the stalest go first).
class FailureWindow {
public:
    FailureWindow(ThrottleLimit limit, std::size_t max_keys);

    // Seconds until one more attempt is allowed; nullopt when allowed now.
    std::optional<std::int64_t> blocked_for(std::string_view key, std::int64_t now) const;
    void record_failure(std::string_view key, std::int64_t now);
    void forget(std::string_view key);
    std::size_t size() const;

private:
    std::uint64_t key_hash(std::string_view key) const;
    void drop_outside_window(std::deque<std::int64_t>& failures, std::int64_t now) const;
    void make_room(std::int64_t now);

    ThrottleLimit limit_;
    std::size_t max_keys_;
    unsigned char hash_key_[16];
    mutable std::mutex mutex_;
    // Only the newest max_failures timestamps of a key matter.
    mutable std::unordered_map<std::uint64_t, std::deque<std::int64_t>> failures_;
};

// The key an IP is counted under: an IPv4 address as is, an IPv6 address by
// its /64 prefix (one subscriber usually holds a whole /64, so counting each
// address apart would give an attacker 2^64 budgets). IPv4-mapped IPv6 is
// the IPv4 address. Anything unparsable is its own key.
std::string client_ip_key(std::string_view client_ip);

// The login throttle: one window per account, one per client IP. A success
// clears the account's window (not the IP's: one good password must not
// launder an IP's guesses at other accounts).
class LoginThrottle {
public:
    LoginThrottle(const Clock& clock, ThrottleLimit per_account, ThrottleLimit per_ip,
                  std::size_t max_keys = 100000);

    // Throws TooManyAttempts when the account or the IP is over its limit.
    void check(std::string_view account, std::string_view client_ip) const;
    void record_failure(std::string_view account, std::string_view client_ip);
    void record_success(std::string_view account);

private:
    const Clock& clock_;
    FailureWindow accounts_;
    FailureWindow ips_;
};

}  // namespace authapi
