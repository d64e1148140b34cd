// Login throttling through the real server: per account, per client IP, the
// Basic credentials, and the proof that a refused attempt runs no hash.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

#include "prometheus_text.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

using Clock = std::chrono::steady_clock;

const std::string kVerifies =
    R"(auth_api_password_hash_duration_seconds_count{operation="verify"})";

double verifications(const HttpClient& client) {
    return PrometheusText(client.get("/api/v1/metrics").body).counter(kVerifies);
}

long long timed_micros(const std::function<void()>& action) {
    const auto start = Clock::now();
    action();
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

long long median(std::vector<long long> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

void check_too_many_attempts(const Response& response, long long max_retry_after) {
    CHECK_ERROR(response, 429, "too many attempts");
    const auto retry_after = response.headers.get("Retry-After");
    REQUIRE(retry_after);
    CHECK(std::stoll(*retry_after) >= 1);
    CHECK(std::stoll(*retry_after) <= max_retry_after);
}

}  // namespace

TEST_CASE("the 11th failed login of one account gets 429 with Retry-After, and runs no hash") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());

    std::vector<long long> failed_micros;
    for (int i = 0; i < 10; ++i) {
        Response response;
        failed_micros.push_back(
            timed_micros([&] { response = login(client, kSessionEmail, "wrong"); }));
        CHECK_ERROR(response, 401, "wrong password");
    }
    const double verifies_before = verifications(client);
    CHECK(verifies_before == 10);

    Response refused;
    const long long refused_micros =
        timed_micros([&] { refused = login(client, kSessionEmail, "wrong"); });
    check_too_many_attempts(refused, 900);
    // Even the right password waits: the attacker cannot tell it from a wrong one.
    check_too_many_attempts(login(client, kSessionEmail, kSessionPassword), 900);
    CHECK(verifications(client) == verifies_before);  // no password hash ran
    const long long failed = median(failed_micros);
    MESSAGE("failed login (median of 10): " << failed << " us; refused (429): " << refused_micros
                                            << " us");
    CHECK(refused_micros < failed);

    // Audited, without the email typed.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(server.log().find(R"("audit":"login_throttled")") != std::string::npos);
    CHECK(server.log().find(kSessionEmail) == std::string::npos);

    // Another account from the same client is not affected.
    CHECK_ERROR(login(client, "someone@else.io", "x"), 404, "no user found for this email");
}

TEST_CASE("the per-IP limit counts failures across accounts") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"},
                          {"THROTTLE_ACCOUNT_FAILURES", "0"},
                          {"THROTTLE_IP_FAILURES", "3"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    CHECK_STATUS(login(client, "a@x.io", "x"), 404);
    CHECK_STATUS(login(client, "b@x.io", "x"), 404);
    CHECK_STATUS(login(client, kSessionEmail, "x"), 401);
    check_too_many_attempts(login(client, "c@x.io", "x"), 900);
    check_too_many_attempts(login(client, kSessionEmail, kSessionPassword), 900);
}

TEST_CASE("a successful login counts for nothing, and clears nothing") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}, {"THROTTLE_ACCOUNT_FAILURES", "3"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    for (int i = 0; i < 5; ++i) CHECK_STATUS(login(client, kSessionEmail, kSessionPassword), 200);
    CHECK_STATUS(login(client, kSessionEmail, "wrong"), 401);
    CHECK_STATUS(login(client, kSessionEmail, "wrong"), 401);
    CHECK_STATUS(login(client, kSessionEmail, kSessionPassword), 200);
    // The two failures are still counted: one more, and the account is locked.
    CHECK_STATUS(login(client, kSessionEmail, "wrong"), 401);
    check_too_many_attempts(login(client, kSessionEmail, kSessionPassword), 900);
}

TEST_CASE("the lock ends when the window slides past the failures") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"},
                          {"THROTTLE_ACCOUNT_FAILURES", "2"},
                          {"THROTTLE_WINDOW", "2"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    CHECK_STATUS(login(client, kSessionEmail, "wrong"), 401);
    CHECK_STATUS(login(client, kSessionEmail, "wrong"), 401);
    check_too_many_attempts(login(client, kSessionEmail, kSessionPassword), 2);
    std::this_thread::sleep_for(std::chrono::milliseconds(3100));
    CHECK_STATUS(login(client, kSessionEmail, kSessionPassword), 200);
}

TEST_CASE("failed Basic credentials are throttled too") {
    ServerProcess server({{"AUTH_TYPE", "basic_auth"}, {"THROTTLE_ACCOUNT_FAILURES", "3"}});
    server.seed_user(kBobEmail, kBobPassword);
    const HttpClient client(server.port());
    CHECK_STATUS(client.get("/api/v1/users/me", basic_auth(kBobEmail, kBobPassword)), 200);
    for (int i = 0; i < 3; ++i) {
        CHECK_ERROR(client.get("/api/v1/users/me", basic_auth(kBobEmail, "wrong")), 403,
                    "Forbidden");
    }
    const double verifies_before = verifications(client);
    check_too_many_attempts(client.get("/api/v1/users/me", basic_auth(kBobEmail, kBobPassword)),
                            900);
    CHECK(verifications(client) == verifies_before);
    const PrometheusText metrics(client.get("/api/v1/metrics").body);
    CHECK(metrics.counter(R"(auth_api_basic_auth_failures_total{result="failed"})") == 3);
    CHECK(metrics.counter(R"(auth_api_basic_auth_failures_total{result="throttled"})") == 1);
}

TEST_CASE("the current password of a password change is throttled and audited like a login") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"},
                          {"THROTTLE_ACCOUNT_FAILURES", "3"},
                          {"THROTTLE_IP_FAILURES", "0"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    const auto change = [&](const std::string& current) {
        return client.put(
            "/api/v1/users/me/password", json_content() + session_cookie(token),
            R"({"current_password": ")" + current + R"(", "new_password": "a new secret"})");
    };
    for (int i = 0; i < 3; ++i) CHECK_ERROR(change("guess"), 401, "wrong password");
    const double verifies_before = verifications(client);
    check_too_many_attempts(change("guess"), 900);
    check_too_many_attempts(change(kSessionPassword), 900);  // the right one waits as well
    CHECK(verifications(client) == verifies_before);         // nothing hashed
    // One budget per account: its logins are locked by those guesses too.
    check_too_many_attempts(login(client, kSessionEmail, kSessionPassword), 900);
    CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(token)), 200);

    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::string log = server.log();
    std::size_t failed = 0;
    for (auto at = log.find(R"("audit":"password_change_failed")"); at != std::string::npos;
         at = log.find(R"("audit":"password_change_failed")", at + 1)) {
        ++failed;
    }
    CHECK(failed == 3);
    CHECK(log.find(R"("audit":"password_change_throttled")") != std::string::npos);
    CHECK(log.find("guess") == std::string::npos);
}

TEST_CASE("while an account's logins are locked, its password cannot be changed either") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}, {"THROTTLE_ACCOUNT_FAILURES", "2"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    CHECK_STATUS(login(client, kSessionEmail, "wrong"), 401);
    CHECK_STATUS(login(client, kSessionEmail, "wrong"), 401);
    check_too_many_attempts(
        client.put("/api/v1/users/me/password", json_content() + session_cookie(token),
                   R"({"current_password": "fake pwd", "new_password": "a new secret"})"),
        900);
    CHECK_STATUS(login(client, kSessionEmail, "a new secret"), 429);
}

TEST_CASE("THROTTLE_* = 0 turns the limits off") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"},
                          {"THROTTLE_ACCOUNT_FAILURES", "0"},
                          {"THROTTLE_IP_FAILURES", "0"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    for (int i = 0; i < 12; ++i) CHECK_STATUS(login(client, kSessionEmail, "wrong"), 401);
    CHECK_STATUS(login(client, kSessionEmail, kSessionPassword), 200);
}

}  // namespace authapi::e2e
