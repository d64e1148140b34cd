#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "observability/metrics.hpp"

using namespace authapi;

namespace {

bool has_line(const std::string& text, const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("metrics: requests by route and status, a cumulative histogram") {
    Metrics metrics;
    metrics.set_routes({"/api/v1/status", "/api/v1/users/<user_id>"});
    metrics.observe_request(0, 200, 50);
    metrics.observe_request(0, 200, 300);
    metrics.observe_request(1, 404, 2000000);
    metrics.observe_request(-1, 418, 10);
    const std::string text = metrics.render();
    INFO(text);
    CHECK(has_line(text, R"(auth_api_requests_total{route="/api/v1/status",status="200"} 2)"));
    CHECK(has_line(text,
                   R"(auth_api_requests_total{route="/api/v1/users/<user_id>",status="404"} 1)"));
    CHECK(has_line(text, R"(auth_api_requests_total{route="other",status="other"} 1)"));
    CHECK(has_line(
        text, R"(auth_api_request_duration_seconds_bucket{route="/api/v1/status",le="0.0001"} 1)"));
    CHECK(has_line(
        text, R"(auth_api_request_duration_seconds_bucket{route="/api/v1/status",le="0.0005"} 2)"));
    CHECK(has_line(
        text, R"(auth_api_request_duration_seconds_bucket{route="/api/v1/status",le="+Inf"} 2)"));
    CHECK(
        has_line(text, R"(auth_api_request_duration_seconds_sum{route="/api/v1/status"} 0.00035)"));
    CHECK(has_line(text, R"(auth_api_request_duration_seconds_count{route="/api/v1/status"} 2)"));
    CHECK(has_line(text, "auth_api_session_sweeps_total 0"));
    CHECK(text.find("auth_api_active_sessions") == std::string::npos);  // no source given
}

TEST_CASE("metrics: counters from many threads add up") {
    Metrics metrics;
    metrics.set_routes({"/x"});
    metrics.set_active_sessions_source([] { return std::optional<std::int64_t>(7); });
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 10000; ++i) {
                metrics.observe_request(0, 200, i);
                metrics.count_login(LoginResult::Failed);
                metrics.observe_password_hash(HashOperation::Verify, 40000);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    metrics.count_session_sweep();
    const std::string text = metrics.render();
    CHECK(has_line(text, R"(auth_api_requests_total{route="/x",status="200"} 40000)"));
    CHECK(has_line(text, R"(auth_api_logins_total{result="failed"} 40000)"));
    CHECK(metrics.password_hash_count(HashOperation::Verify) == 40000);
    CHECK(has_line(text, "auth_api_active_sessions 7"));
    CHECK(has_line(text, "auth_api_session_sweeps_total 1"));
}
