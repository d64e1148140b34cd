#pragma once

#include <cstdint>

namespace authapi {

// When a session stops being valid. A session is live while
//   now <= expires_at                      (absolute: SESSION_DURATION), and
//   now - last_seen_at <= idle_timeout     (idle: SESSION_IDLE_TIMEOUT).
struct SessionPolicy {
    std::int64_t duration_seconds = 0;      // <= 0: no absolute expiry
    std::int64_t idle_timeout_seconds = 0;  // <= 0: no idle expiry
    // A user's sessions beyond this many end, oldest first, as a new one is
    // made (0: no bound).
    std::int64_t max_sessions_per_user = 0;

    // How stale last_seen_at may get before a request rewrites it: a tenth of
    // the idle timeout, at least 1 s and at most a minute (a minute when
    // there is no idle timeout). A busy session costs one write per interval,
    // not one per request; in exchange a session used more often than every
    // idle_timeout - touch_interval() seconds is never refused for idleness.
    std::int64_t touch_interval() const {
        if (idle_timeout_seconds <= 0) return 60;
        const std::int64_t tenth = idle_timeout_seconds / 10;
        return tenth < 1 ? 1 : (tenth > 60 ? 60 : tenth);
    }
};

}  // namespace authapi
