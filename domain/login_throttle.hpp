#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "attempt_windows.hpp"
#include "clock.hpp"

namespace authapi {

// A password check refused before any password hash runs.
class TooManyAttempts : public std::runtime_error {
public:
    explicit TooManyAttempts(std::int64_t retry_after_seconds)
        : std::runtime_error("too many attempts"), retry_after_(retry_after_seconds) {}
    std::int64_t retry_after_seconds() const { return retry_after_; }

private:
    std::int64_t retry_after_;
};

// AttemptWindows in this process's memory. Keys are stored as a keyed 64-bit
// hash, so neither a long email nor an attacker's choice of collisions costs
// memory or another user's access; at most `max_keys` keys are kept (when
// full, keys with nothing in their window go first, then the one whose last
// attempt is oldest).
class MemoryAttemptWindows final : public AttemptWindows {
public:
    MemoryAttemptWindows(ThrottleLimit limit, std::size_t max_keys);

    Slot reserve(std::string_view key, std::int64_t now) override;
    void release(std::string_view key, std::uint64_t tag) override;
    std::optional<std::int64_t> blocked_for(std::string_view key, std::int64_t now) override;
    std::size_t size() const;

private:
    struct Attempt {
        std::int64_t at;
        std::uint64_t tag;
    };
    using Attempts = std::deque<Attempt>;

    std::uint64_t key_hash(std::string_view key) const;
    void drop_outside_window(Attempts& attempts, std::int64_t now) const;
    std::int64_t wait_for_oldest(const Attempts& attempts, std::int64_t now) const;
    void make_room(std::int64_t now);

    ThrottleLimit limit_;
    std::size_t max_keys_;
    unsigned char hash_key_[16];
    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, Attempts> attempts_;
    std::uint64_t next_tag_ = 1;
};

// The key an IP is counted under: an IPv4 address as is, an IPv6 address by
// its /64 prefix (one subscriber usually holds a whole /64, so counting each
// address apart would give an attacker 2^64 budgets). IPv4-mapped IPv6 is
// the IPv4 address. Anything unparsable is its own key.
std::string client_ip_key(std::string_view client_ip);

// Attempts reserved by LoginThrottle::reserve for one password check.
// Destroyed without count_as_failure(), they are given back: the check
// succeeded, or never ran.
class AttemptReservation {
public:
    AttemptReservation() = default;
    AttemptReservation(AttemptReservation&& other) noexcept;
    AttemptReservation& operator=(AttemptReservation&& other) noexcept;
    AttemptReservation(const AttemptReservation&) = delete;
    AttemptReservation& operator=(const AttemptReservation&) = delete;
    ~AttemptReservation();

    // The check failed: the attempts stay counted until they leave the window.
    void count_as_failure() { held_.clear(); }
    // The check succeeded or did not run: exactly these attempts are taken
    // back (a failure store that cannot be reached keeps them: fail closed).
    void give_back() noexcept;

private:
    friend class LoginThrottle;
    struct Held {
        AttemptWindows* windows;
        std::string key;
        std::uint64_t tag;
    };
    std::vector<Held> held_;
};

// The login throttle: one window per account (the caller names it: the
// email's email_key()), one per client IP. Every
// password check reserves an attempt in both first; a success gives back only
// its own (one good password neither clears an account's failures nor
// launders an IP's guesses at other accounts).
class LoginThrottle {
public:
    LoginThrottle(const Clock& clock, std::unique_ptr<AttemptWindows> per_account,
                  std::unique_ptr<AttemptWindows> per_ip);
    // Both windows in this process's memory.
    LoginThrottle(const Clock& clock, ThrottleLimit per_account, ThrottleLimit per_ip,
                  std::size_t max_keys = 100000);

    // Reserves one attempt of `account` and one of `client_ip`; throws
    // TooManyAttempts (nothing reserved) when either is at its limit.
    AttemptReservation reserve(std::string_view account, std::string_view client_ip);
    // The verdict alone, nothing reserved: for credentials verified earlier,
    // which a locked account must not bypass. Throws TooManyAttempts.
    void check(std::string_view account, std::string_view client_ip) const;

private:
    const Clock& clock_;
    std::unique_ptr<AttemptWindows> accounts_;
    std::unique_ptr<AttemptWindows> ips_;
};

}  // namespace authapi
