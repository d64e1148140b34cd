#pragma once

#include <cstdint>
#include <optional>

#include "user_session.hpp"

namespace authapi {

// The one rule of when a session is live, at the instant `now`:
//
//   live  <=>  (expires_at is absent  OR  expires_at   >= now)           absolute expiry
//         AND  (idle_cutoff is absent OR  last_seen_at >= idle_cutoff)   idle expiry
//
// where idle_cutoff = now - SESSION_IDLE_TIMEOUT (absent without an idle
// timeout). The boundary second is still inside, for both limits. Every store
// follows it: the memory store calls is_live(); the SQL of the SQLite and
// PostgreSQL stores spells the same predicate next to a comment pointing
// here; tests/storage/test_session_expiry_contract.cpp pins each store to it.
struct ExpiryCutoff {
    std::int64_t now = 0;
    std::optional<std::int64_t> idle_cutoff;  // last seen before it: idle

    bool is_live(const std::optional<std::int64_t>& expires_at, std::int64_t last_seen_at) const {
        const bool expired = expires_at && *expires_at < now;
        const bool idle = idle_cutoff && last_seen_at < *idle_cutoff;
        return !expired && !idle;
    }
    bool is_live(const UserSession& session) const {
        return is_live(session.expires_at, session.last_seen_at);
    }
};

// The settings the rule is made of (SESSION_DURATION, SESSION_IDLE_TIMEOUT),
// and the bound on sessions per user.
struct SessionPolicy {
    std::int64_t duration_seconds = 0;      // <= 0: no absolute expiry
    std::int64_t idle_timeout_seconds = 0;  // <= 0: no idle expiry
    // A user's sessions beyond this many end, oldest first, as a new one is
    // made (0: no bound).
    std::int64_t max_sessions_per_user = 0;

    // The absolute expiry of a session made at `created_at`: none without a
    // duration.
    std::optional<std::int64_t> expires_at_for(std::int64_t created_at) const {
        if (duration_seconds <= 0) return std::nullopt;
        return created_at + duration_seconds;
    }
    // The rule as it stands at `now`.
    ExpiryCutoff cutoff_at(std::int64_t now) const {
        ExpiryCutoff cutoff;
        cutoff.now = now;
        if (idle_timeout_seconds > 0) cutoff.idle_cutoff = now - idle_timeout_seconds;
        return cutoff;
    }

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
