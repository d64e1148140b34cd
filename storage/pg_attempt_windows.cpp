#include "pg_attempt_windows.hpp"

#include <algorithm>
#include <chrono>
#include <random>

#include "sha256.hpp"

namespace authapi {

namespace {

constexpr const char* kReserve = "throttle_reserve";
constexpr const char* kOldest = "throttle_oldest";
constexpr const char* kRelease = "throttle_release";
constexpr const char* kPurge = "throttle_purge";

// An attempt is stored as unix_seconds * 2^24 + a 24-bit tag: ordered by
// time, and each one named, so a success removes exactly its own. Two
// attempts of one key in one second with the same tag would both go with
// one release: a 1 in 16 million chance of one attempt given back too many.
constexpr int kTagBits = 24;
constexpr std::uint64_t kTagMask = (std::uint64_t{1} << kTagBits) - 1;

// A purge pass every this many reservations of one process.
constexpr std::uint64_t kPurgeEvery = 256;
constexpr int kPurgeBatch = 500;

std::uint64_t random_tag_start() {
    std::random_device device;
    return (std::uint64_t{device()} << 32) | device();
}

}  // namespace

PgAttemptWindows::PgAttemptWindows(PgDatabase& database, std::string scope, ThrottleLimit limit)
    : database_(database), scope_(std::move(scope)), limit_(limit), next_tag_(random_tag_start()) {
    // Counted and added under the row's lock (ON CONFLICT DO UPDATE locks the
    // existing row, and its WHERE sees the latest version of it): concurrent
    // reservations on any instance queue there, so the count is exact.
    // $1 key, $2 the new attempt, $3 now, $4 the window's floor, $5 the limit.
    database_.declare(kReserve,
                      "INSERT INTO login_throttle AS t (key, attempts, last_at) "
                      "VALUES ($1, ARRAY[$2::bigint], $3) "
                      "ON CONFLICT (key) DO UPDATE SET "
                      "attempts = ARRAY(SELECT a FROM unnest(t.attempts) AS a "
                      "WHERE a >= $4 ORDER BY a) || $2::bigint, last_at = $3 "
                      "WHERE (SELECT count(*) FROM unnest(t.attempts) AS a WHERE a >= $4) < $5 "
                      "RETURNING 1");
    database_.declare(kOldest,
                      "SELECT count(a), min(a) FROM login_throttle AS t, unnest(t.attempts) AS a "
                      "WHERE t.key = $1 AND a >= $2");
    database_.declare(kRelease,
                      "UPDATE login_throttle SET attempts = array_remove(attempts, $2::bigint) "
                      "WHERE key = $1");
    database_.declare(kPurge,
                      "DELETE FROM login_throttle WHERE key IN (SELECT key FROM login_throttle "
                      "WHERE last_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)");
}

std::string PgAttemptWindows::row_key(std::string_view key) const {
    return sha256_hex(scope_ + ":" + std::string(key));
}

std::int64_t PgAttemptWindows::window_floor(std::int64_t now) const {
    // Attempts at now - window or earlier have left it (as in memory).
    return (now - limit_.window_seconds + 1) << kTagBits;
}

std::int64_t PgAttemptWindows::wait_for(std::int64_t oldest_attempt, std::int64_t now) const {
    return std::max<std::int64_t>(1, (oldest_attempt >> kTagBits) + limit_.window_seconds - now);
}

AttemptWindows::Slot PgAttemptWindows::reserve(std::string_view key, std::int64_t now) {
    if (limit_.max_failures <= 0) return Slot{true, 0, 0};
    const std::string stored_key = row_key(key);
    const std::uint64_t tag = next_tag_.fetch_add(1) & kTagMask;
    const auto attempt =
        static_cast<std::int64_t>((static_cast<std::uint64_t>(now) << kTagBits) | tag);
    const bool granted =
        database_.run("reserve a login attempt", [&](pqxx::connection& connection) {
            return !pqxx::nontransaction(connection)
                        .exec_prepared(kReserve, stored_key, attempt, now, window_floor(now),
                                       limit_.max_failures)
                        .empty();
        });
    if (reservations_.fetch_add(1) % kPurgeEvery == kPurgeEvery - 1) purge_stale(now);
    if (granted) return Slot{true, static_cast<std::uint64_t>(attempt), 0};
    Slot refused;
    refused.retry_after_seconds = blocked_for(key, now).value_or(1);
    return refused;
}

void PgAttemptWindows::release(std::string_view key, std::uint64_t tag) {
    if (limit_.max_failures <= 0) return;
    const std::string stored_key = row_key(key);
    database_.run("give back a login attempt", [&](pqxx::connection& connection) {
        pqxx::nontransaction(connection)
            .exec_prepared(kRelease, stored_key, static_cast<std::int64_t>(tag));
    });
}

std::optional<std::int64_t> PgAttemptWindows::blocked_for(std::string_view key, std::int64_t now) {
    if (limit_.max_failures <= 0) return std::nullopt;
    const std::string stored_key = row_key(key);
    const pqxx::result rows =
        database_.run("read login attempts", [&](pqxx::connection& connection) {
            return pqxx::nontransaction(connection)
                .exec_prepared(kOldest, stored_key, window_floor(now));
        });
    if (rows.empty() || rows[0][0].as<std::int64_t>() < limit_.max_failures) return std::nullopt;
    return wait_for(rows[0][1].as<std::int64_t>(), now);
}

void PgAttemptWindows::purge_stale(std::int64_t now) {
    try {
        database_.run("delete stale login attempts", [&](pqxx::connection& connection) {
            pqxx::nontransaction(connection)
                .exec_prepared(kPurge, now - limit_.window_seconds, kPurgeBatch);
        });
    } catch (const StorageError&) {
        // Only housekeeping: the next pass retries.
    }
}

}  // namespace authapi
