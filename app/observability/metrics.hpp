#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authapi {

// A Prometheus histogram with fixed buckets; observe() is a few relaxed
// atomic increments, safe from any thread.
class Histogram {
public:
    explicit Histogram(std::vector<double> upper_bounds_seconds);
    void observe(std::int64_t microseconds);
    // `labels` is "" or `name="value",...` (no braces).
    void render(std::string& out, std::string_view name, std::string_view labels) const;
    std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

private:
    std::vector<double> bounds_seconds_;
    std::vector<std::int64_t> bounds_us_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // one per bound, then +Inf
    std::atomic<std::uint64_t> sum_us_{0};
    std::atomic<std::uint64_t> count_{0};
};

enum class LoginResult { Ok, Failed, Throttled };
enum class HashOperation { Hash, Verify };

// The service's counters, read by GET /api/v1/metrics in the Prometheus
// text format. Every update is lock-free (relaxed atomics in tables sized
// once, before serving); a scrape reads them without stopping anyone.
class Metrics {
public:
    Metrics();

    // The route patterns, in the router's order; call once, before serving.
    void set_routes(std::vector<std::string> patterns);
    // `route` indexes set_routes(); -1 for a path no route matches.
    void observe_request(int route, int status, std::int64_t microseconds);
    void count_login(LoginResult result);
    void count_basic_auth_failure(bool throttled);
    void observe_password_hash(HashOperation operation, std::int64_t microseconds);
    // For a sweeper of expired sessions, once per run.
    void count_session_sweep();
    // Session lookups sent ahead (SessionLookupPipeline): `lookups` in one
    // round trip; and one that failed and was made again the usual way.
    void count_lookup_round_trip(std::uint64_t lookups);
    void count_lookup_fallback();
    // Read at scrape time; nullopt (or unset) leaves the gauge out.
    void set_active_sessions_source(std::function<std::optional<std::int64_t>()> source);

    std::uint64_t password_hash_count(HashOperation operation) const;

    std::string render() const;

private:
    static constexpr int kStatusSlots = 20;  // known statuses, then "other"
    int route_slots() const { return static_cast<int>(routes_.size()) + 1; }
    std::atomic<std::uint64_t>& requests(int route, int status_slot) const;

    std::vector<std::string> routes_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> requests_;
    std::vector<std::unique_ptr<Histogram>> latency_;  // per route slot
    std::atomic<std::uint64_t> logins_[3] = {};
    std::atomic<std::uint64_t> basic_failures_[2] = {};
    std::atomic<std::uint64_t> sweeps_{0};
    std::atomic<std::uint64_t> lookup_round_trips_{0};
    std::atomic<std::uint64_t> lookups_sent_ahead_{0};
    std::atomic<std::uint64_t> lookup_fallbacks_{0};
    Histogram hash_{{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}};
    Histogram verify_{{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}};
    std::function<std::optional<std::int64_t>()> active_sessions_;
};

}  // namespace authapi
