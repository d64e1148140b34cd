#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace authapi {

struct ThrottleLimit {
    int max_failures = 0;  // 0: this limit is off
    std::int64_t window_seconds = 900;
};

// Where one limit of the login throttle keeps its sliding windows, one per
// key (an account, a client IP): in this process, or in a store that every
// instance shares.
//
// An attempt is reserved before its password check runs, and counts at once:
// check and reservation are one atomic step, so concurrent checks can never
// pass the limit together. A failed check leaves its attempt counted until
// it leaves the window (so does a process that dies in the middle); a
// successful one, or one that never ran, gives back exactly its own attempt.
class AttemptWindows {
public:
    virtual ~AttemptWindows() = default;

    struct Slot {
        bool granted = false;
        std::uint64_t tag = 0;                 // names the attempt, for release()
        std::int64_t retry_after_seconds = 0;  // when refused: until the oldest leaves
    };

    // When `key` has fewer than the limit's attempts in the window ending at
    // `now`, adds one and grants it; otherwise refuses, with the wait.
    virtual Slot reserve(std::string_view key, std::int64_t now) = 0;
    // Takes back the attempt `reserve` granted with `tag`.
    virtual void release(std::string_view key, std::uint64_t tag) = 0;
    // The wait reserve() would answer now; nullopt when it would grant.
    virtual std::optional<std::int64_t> blocked_for(std::string_view key, std::int64_t now) = 0;
};

}  // namespace authapi
