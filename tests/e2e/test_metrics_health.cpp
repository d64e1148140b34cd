// GET /api/v1/metrics (Prometheus text) and GET /api/v1/health.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "concurrent_requests.hpp"
#include "json_body.hpp"
#include "postgresql_backend.hpp"
#include "prometheus_text.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"
#include "session_rows.hpp"

namespace authapi::e2e {

namespace {

PrometheusText scrape(const HttpClient& client, const RequestHeaders& headers = {}) {
    const Response response = client.get("/api/v1/metrics", headers);
    INFO(describe(response));
    REQUIRE(response.status == 200);
    CHECK(response.headers.get("Content-Type").value_or("").rfind("text/plain", 0) == 0);
    return PrometheusText(response.body);
}

const std::string kStatus200 = R"(auth_api_requests_total{route="/api/v1/status",status="200"})";
const std::string kMe200 =
    R"(auth_api_requests_total{route="/api/v1/users/<user_id>",status="200"})";
const std::string kOther404 = R"(auth_api_requests_total{route="other",status="404"})";

}  // namespace

TEST_CASE(
    "metrics: on PostgreSQL, session lookups go ahead of their requests, many per round trip") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port(), std::chrono::seconds(30));
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    const PrometheusText before = scrape(client);
    const auto moved = [&before](const PrometheusText& now, const std::string& series) {
        return now.counter(series) - before.counter(series);
    };
    double requests = 0;
    double sent = 0;
    double round_trips = 0;
    double fallbacks = 0;
    // Bursts of simultaneous requests, until one round trip has carried
    // several lookups (on a loaded machine a burst may be read one by one).
    for (int burst = 0; burst < 10; ++burst) {
        const auto answers = all_at_once(
            32, [&](int) { return client.get("/api/v1/users/me", session_cookie(token)); });
        for (const auto& answer : answers) CHECK_STATUS(answer, 200);
        requests += 32;
        const PrometheusText now = scrape(client);
        sent = moved(now, "auth_api_session_lookups_sent_ahead_total");
        round_trips = moved(now, "auth_api_session_lookup_round_trips_total");
        fallbacks = moved(now, "auth_api_session_lookup_fallbacks_total");
        if (!postgresql_backend_url() || round_trips < sent) break;
    }
    if (postgresql_backend_url()) {
        CHECK(sent == requests);  // every /users/me; the login and the scrapes are open routes
        CHECK(round_trips < sent);
        CHECK(round_trips >= 1);
        CHECK(fallbacks == 0);
    } else {
        // SQLite answers in the process: nothing to send ahead.
        CHECK(sent == 0);
        CHECK(round_trips == 0);
    }
}

TEST_CASE("on PostgreSQL, lookups sent ahead survive the database ending every connection") {
    if (!postgresql_backend_url()) return;  // SQLite has no connection to lose
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port(), std::chrono::seconds(30));
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    const auto me = [&](int) { return client.get("/api/v1/users/me", session_cookie(token)); };
    for (const auto& answer : all_at_once(8, me)) CHECK_STATUS(answer, 200);

    // What a server restart or a failover does to the pool and the pipelines.
    exec_sql(server.db_path(),
             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
             "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    const PrometheusText before = scrape(client);
    // Every request is answered at once: 200, or 503 while a connection is
    // replaced; then 200 again, with the lookups sent ahead once more.
    int in_a_row = 0;
    for (int i = 0; i < 100 && in_a_row < 10; ++i) {
        const Response answer = me(i);
        INFO(describe(answer));
        REQUIRE((answer.status == 200 || answer.status == 503));
        in_a_row = answer.status == 200 ? in_a_row + 1 : 0;
        if (answer.status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(in_a_row == 10);
    // A second later both threads' pipelines may connect again.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    for (const auto& answer : all_at_once(16, me)) CHECK_STATUS(answer, 200);
    const PrometheusText after = scrape(client);
    CHECK(after.counter("auth_api_session_lookups_sent_ahead_total") >
          before.counter("auth_api_session_lookups_sent_ahead_total"));
}

TEST_CASE("metrics: Prometheus text whose counters move with the traffic") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());

    const PrometheusText before = scrape(client);
    CHECK(before.type_of("auth_api_requests_total") == std::optional<std::string>("counter"));
    CHECK(before.type_of("auth_api_request_duration_seconds") ==
          std::optional<std::string>("histogram"));
    CHECK(before.type_of("auth_api_active_sessions") == std::optional<std::string>("gauge"));
    CHECK(before.counter("auth_api_active_sessions") == 0);

    for (int i = 0; i < 3; ++i) CHECK_STATUS(client.get("/api/v1/status"), 200);
    CHECK_STATUS(client.get("/api/v1/nowhere"), 401);  // the gate answers first
    CHECK_STATUS(login(client, kSessionEmail, "wrong"), 401);
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(token)), 200);
    CHECK_STATUS(client.get("/api/v1/nowhere", session_cookie(token)), 404);

    const PrometheusText during = scrape(client);
    CHECK(during.counter(kStatus200) - before.counter(kStatus200) == 3);
    CHECK(during.counter(kMe200) - before.counter(kMe200) == 1);
    CHECK(during.counter(kOther404) - before.counter(kOther404) == 1);
    CHECK(during.counter(R"(auth_api_logins_total{result="ok"})") == 1);
    CHECK(during.counter(R"(auth_api_logins_total{result="failed"})") == 1);
    CHECK(during.counter(R"(auth_api_logins_total{result="throttled"})") == 0);
    CHECK(during.counter("auth_api_active_sessions") == 1);
    CHECK(during.counter(R"(auth_api_password_hash_duration_seconds_count{operation="verify"})") ==
          2);
    const double status_count =
        during.counter(R"(auth_api_request_duration_seconds_count{route="/api/v1/status"})");
    CHECK(status_count >= 3);
    CHECK(during.counter(
              R"(auth_api_request_duration_seconds_bucket{route="/api/v1/status",le="+Inf"})") ==
          status_count);
    CHECK(during.value("auth_api_session_sweeps_total") == std::optional<double>(0));

    CHECK_EMPTY_OBJECT(client.del("/api/v1/auth_session/logout", session_cookie(token)));
    CHECK(scrape(client).counter("auth_api_active_sessions") == 0);
}

TEST_CASE("metrics: METRICS_TOKEN makes the route want a bearer token") {
    ServerProcess server({{"METRICS_TOKEN", "s3cret-scraper"}});
    const HttpClient client(server.port());
    CHECK_ERROR(client.get("/api/v1/metrics"), 401, "Unauthorized");
    CHECK_ERROR(client.get("/api/v1/metrics", {{"Authorization", "Bearer wrong"}}), 401,
                "Unauthorized");
    CHECK(scrape(client, {{"Authorization", "Bearer s3cret-scraper"}}).size() > 0);
}

TEST_CASE("health: 200 while the database answers, 503 when it does not; status stays 200") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    const HttpClient client(server.port());
    const Response healthy = client.get("/api/v1/health");
    CHECK_STATUS(healthy, 200);
    CHECK(text_member(healthy, "status") == "OK");
    CHECK(text_member(healthy, "database") == "ok");
    exec_sql(server.db_path(), "DROP TABLE user_sessions; DROP TABLE users;");
    const Response sick = client.get("/api/v1/health");
    CHECK_STATUS(sick, 503);
    CHECK(text_member(sick, "database") == "unavailable");
    CHECK(sick.headers.get("Content-Type").value_or("").rfind("application/json", 0) == 0);
    CHECK_STATUS(client.get("/api/v1/status"), 200);
    // Metrics still answer, without the gauge the database cannot give.
    const PrometheusText metrics = scrape(client);
    CHECK_FALSE(metrics.value("auth_api_active_sessions"));
    CHECK(metrics.counter(R"(auth_api_requests_total{route="/api/v1/health",status="503"})") == 1);
}

}  // namespace authapi::e2e
