#include "metrics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace authapi {

namespace {

constexpr std::array<int, 19> kStatuses = {200, 201, 204, 400, 401, 403, 404, 405, 408, 411,
                                           413, 414, 415, 429, 431, 500, 501, 503, 505};
static_assert(kStatuses.size() + 1 <= 20, "one slot stays for other statuses");

int status_slot(int status) {
    for (std::size_t i = 0; i < kStatuses.size(); ++i) {
        if (kStatuses[i] == status) return static_cast<int>(i);
    }
    return static_cast<int>(kStatuses.size());
}

const std::vector<double>& request_buckets() {
    static const std::vector<double> buckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                0.025,  0.05,    0.1,    0.25,  0.5,    1,     2.5};
    return buckets;
}

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

// A label value as Prometheus wants it: \, " and newline escaped.
std::string label_value(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, std::string_view name, std::string_view labels,
            const std::string& value) {
    out.append(name);
    if (!labels.empty()) out.append("{").append(labels).append("}");
    out.append(" ").append(value).append("\n");
}

}  // namespace

Histogram::Histogram(std::vector<double> upper_bounds_seconds)
    : bounds_seconds_(std::move(upper_bounds_seconds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_seconds_.size() + 1)) {
    for (double bound : bounds_seconds_) {
        bounds_us_.push_back(static_cast<std::int64_t>(std::llround(bound * 1e6)));
    }
}

void Histogram::observe(std::int64_t microseconds) {
    std::size_t slot = 0;
    while (slot < bounds_us_.size() && microseconds > bounds_us_[slot]) ++slot;
    buckets_[slot].fetch_add(1, std::memory_order_relaxed);
    sum_us_.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(microseconds, 0)),
                      std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
}

void Histogram::render(std::string& out, std::string_view name, std::string_view labels) const {
    const std::string bucket_name = std::string(name) + "_bucket";
    const std::string prefix = labels.empty() ? "" : std::string(labels) + ",";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= bounds_seconds_.size(); ++i) {
        cumulative += buckets_[i].load(std::memory_order_relaxed);
        const std::string le = i < bounds_seconds_.size() ? number(bounds_seconds_[i]) : "+Inf";
        sample(out, bucket_name, prefix + "le=\"" + le + "\"", std::to_string(cumulative));
    }
    sample(out, std::string(name) + "_sum", labels,
           number(static_cast<double>(sum_us_.load(std::memory_order_relaxed)) / 1e6));
    // The +Inf bucket, not count_: a scrape racing an observe() stays consistent.
    sample(out, std::string(name) + "_count", labels, std::to_string(cumulative));
}

Metrics::Metrics() {
    set_routes({});
}

void Metrics::set_routes(std::vector<std::string> patterns) {
    routes_ = std::move(patterns);
    const std::size_t cells = static_cast<std::size_t>(route_slots()) * kStatusSlots;
    requests_ = std::make_unique<std::atomic<std::uint64_t>[]>(cells);
    latency_.clear();
    for (int i = 0; i < route_slots(); ++i) {
        latency_.push_back(std::make_unique<Histogram>(request_buckets()));
    }
}

std::atomic<std::uint64_t>& Metrics::requests(int route, int slot) const {
    return requests_[static_cast<std::size_t>(route) * kStatusSlots + slot];
}

void Metrics::observe_request(int route, int status, std::int64_t microseconds) {
    if (route < 0 || route >= static_cast<int>(routes_.size())) route = route_slots() - 1;
    requests(route, status_slot(status)).fetch_add(1, std::memory_order_relaxed);
    latency_[route]->observe(microseconds);
}

void Metrics::count_login(LoginResult result) {
    logins_[static_cast<int>(result)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::count_basic_auth_failure(bool throttled) {
    basic_failures_[throttled ? 1 : 0].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::observe_password_hash(HashOperation operation, std::int64_t microseconds) {
    (operation == HashOperation::Hash ? hash_ : verify_).observe(microseconds);
}

void Metrics::count_session_sweep() {
    sweeps_.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::count_lookup_round_trip(std::uint64_t lookups) {
    lookup_round_trips_.fetch_add(1, std::memory_order_relaxed);
    lookups_sent_ahead_.fetch_add(lookups, std::memory_order_relaxed);
}

void Metrics::count_lookup_fallback() {
    lookup_fallbacks_.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::set_active_sessions_source(std::function<std::optional<std::int64_t>()> source) {
    active_sessions_ = std::move(source);
}

std::uint64_t Metrics::password_hash_count(HashOperation operation) const {
    return (operation == HashOperation::Hash ? hash_ : verify_).count();
}

std::string Metrics::render() const {
    std::string out;
    header(out, "auth_api_requests_total", "counter",
           "HTTP requests answered, by route pattern and status.");
    for (int route = 0; route < route_slots(); ++route) {
        const std::string name =
            route < static_cast<int>(routes_.size()) ? label_value(routes_[route]) : "other";
        for (int slot = 0; slot < kStatusSlots; ++slot) {
            const auto value = requests(route, slot).load(std::memory_order_relaxed);
            if (value == 0) continue;
            const std::string status = slot < static_cast<int>(kStatuses.size())
                                           ? std::to_string(kStatuses[slot])
                                           : "other";
            sample(out, "auth_api_requests_total",
                   "route=\"" + name + "\",status=\"" + status + "\"", std::to_string(value));
        }
    }
    header(out, "auth_api_request_duration_seconds", "histogram",
           "Time from a parsed request to its answer handed to the socket.");
    for (int route = 0; route < route_slots(); ++route) {
        if (latency_[route]->count() == 0) continue;
        const std::string name =
            route < static_cast<int>(routes_.size()) ? label_value(routes_[route]) : "other";
        latency_[route]->render(out, "auth_api_request_duration_seconds", "route=\"" + name + "\"");
    }
    header(out, "auth_api_logins_total", "counter",
           "Logins through POST /auth_session/login, by result.");
    const char* results[] = {"ok", "failed", "throttled"};
    for (int i = 0; i < 3; ++i) {
        sample(out, "auth_api_logins_total", std::string("result=\"") + results[i] + "\"",
               std::to_string(logins_[i].load(std::memory_order_relaxed)));
    }
    header(out, "auth_api_basic_auth_failures_total", "counter",
           "Basic credentials refused: wrong, or refused unchecked by the throttle.");
    sample(out, "auth_api_basic_auth_failures_total", "result=\"failed\"",
           std::to_string(basic_failures_[0].load(std::memory_order_relaxed)));
    sample(out, "auth_api_basic_auth_failures_total", "result=\"throttled\"",
           std::to_string(basic_failures_[1].load(std::memory_order_relaxed)));
    if (active_sessions_) {
        if (const auto live = active_sessions_()) {
            header(out, "auth_api_active_sessions", "gauge", "Sessions that have not expired.");
            sample(out, "auth_api_active_sessions", "", std::to_string(*live));
        }
    }
    header(out, "auth_api_password_hash_duration_seconds", "histogram",
           "Argon2id (or legacy) password hashing and verification.");
    hash_.render(out, "auth_api_password_hash_duration_seconds", "operation=\"hash\"");
    verify_.render(out, "auth_api_password_hash_duration_seconds", "operation=\"verify\"");
    header(out, "auth_api_session_sweeps_total", "counter", "Runs of the expired-session sweeper.");
    sample(out, "auth_api_session_sweeps_total", "", std::to_string(sweeps_.load()));
    header(out, "auth_api_session_lookups_sent_ahead_total", "counter",
           "Session lookups sent ahead of their requests, many per round trip (PostgreSQL).");
    sample(out, "auth_api_session_lookups_sent_ahead_total", "",
           std::to_string(lookups_sent_ahead_.load(std::memory_order_relaxed)));
    header(out, "auth_api_session_lookup_round_trips_total", "counter",
           "Round trips that carried them.");
    sample(out, "auth_api_session_lookup_round_trips_total", "",
           std::to_string(lookup_round_trips_.load(std::memory_order_relaxed)));
    header(out, "auth_api_session_lookup_fallbacks_total", "counter",
           "Of them, lookups that failed and were made again the usual way.");
    sample(out, "auth_api_session_lookup_fallbacks_total", "",
           std::to_string(lookup_fallbacks_.load(std::memory_order_relaxed)));
    return out;
}

}  // namespace authapi
