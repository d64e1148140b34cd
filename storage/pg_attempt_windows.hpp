#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "attempt_windows.hpp"
#include "pg_database.hpp"

namespace authapi {

// One limit of the login throttle in the login_throttle table
// (migrations/postgresql/0005), shared by every instance on the database:
// N instances give exactly the configured budget. `scope` ("account", "ip")
// keeps the two limits' keys apart in the one table. reserve() is one
// INSERT ... ON CONFLICT DO UPDATE that counts and adds under the row's lock.
// Rows whose attempts have all left the window are deleted now and then
// (every few hundred reservations, a bounded batch).
class PgAttemptWindows final : public AttemptWindows {
public:
    PgAttemptWindows(PgDatabase& database, std::string scope, ThrottleLimit limit);

    Slot reserve(std::string_view key, std::int64_t now) override;
    void release(std::string_view key, std::uint64_t tag) override;
    std::optional<std::int64_t> blocked_for(std::string_view key, std::int64_t now) override;

private:
    std::string row_key(std::string_view key) const;
    // The smallest stored attempt value still inside the window ending at `now`.
    std::int64_t window_floor(std::int64_t now) const;
    std::int64_t wait_for(std::int64_t oldest_attempt, std::int64_t now) const;
    void purge_stale(std::int64_t now);

    PgDatabase& database_;
    std::string scope_;
    ThrottleLimit limit_;
    std::atomic<std::uint64_t> next_tag_;
    std::atomic<std::uint64_t> reservations_{0};
};

}  // namespace authapi
