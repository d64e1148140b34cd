// What a login reveals: AUTH_STRICT's single answer, the equal cost of an
// unknown email and a wrong password, and the 1 KiB password limit.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "prometheus_text.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

using Clock = std::chrono::steady_clock;

long long login_micros(const HttpClient& client, const std::string& email) {
    const auto start = Clock::now();
    const Response response = login(client, email, "not the password");
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
    CHECK(response.status >= 400);
    return micros;
}

long long median(std::vector<long long> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

}  // namespace

TEST_CASE("AUTH_STRICT=1: unknown email and wrong password get the same 401") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}, {"AUTH_STRICT", "1"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const Response unknown = login(client, "nobody@hbtn.io", kSessionPassword);
    const Response wrong = login(client, kSessionEmail, "wrong");
    CHECK_ERROR(unknown, 401, "wrong email or password");
    CHECK_ERROR(wrong, 401, "wrong email or password");
    CHECK(unknown.body == wrong.body);
    CHECK_STATUS(login(client, kSessionEmail, kSessionPassword), 200);
    // The other answers of the login stay as the task has them.
    CHECK_ERROR(client.post("/api/v1/auth_session/login", form_content(), "email=a@b.c"), 400,
                "password missing");
}

TEST_CASE("by default the task's two answers stay") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    CHECK_ERROR(login(client, "nobody@hbtn.io", "x"), 404, "no user found for this email");
    CHECK_ERROR(login(client, kSessionEmail, "x"), 401, "wrong password");
}

TEST_CASE("an unknown email costs a password verification, as a wrong password does") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}, {"THROTTLE_ACCOUNT_FAILURES", "0"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    login(client, "warm@up.io", "x");
    // Interleaved, so that a burst of load elsewhere hits both series alike.
    std::vector<long long> unknown_micros;
    std::vector<long long> wrong_micros;
    for (int i = 0; i < 5; ++i) {
        unknown_micros.push_back(login_micros(client, "nobody@hbtn.io"));
        wrong_micros.push_back(login_micros(client, kSessionEmail));
    }
    const long long unknown = median(unknown_micros);
    const long long wrong = median(wrong_micros);
    MESSAGE("median of 5: unknown email " << unknown << " us, wrong password " << wrong << " us");
    // Without the dummy verification an unknown email answers ~50x faster.
    CHECK(unknown * 3 > wrong);
    CHECK(wrong * 3 > unknown);
    const PrometheusText metrics(client.get("/api/v1/metrics").body);
    CHECK(metrics.counter(R"(auth_api_password_hash_duration_seconds_count{operation="verify"})") ==
          11);
}

TEST_CASE("passwords over 1 KiB are refused with 400 before any hashing") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string too_long(1025, 'p');
    CHECK_ERROR(login(client, kSessionEmail, too_long), 400, "password too long");
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    CHECK_ERROR(client.post("/api/v1/users", json_content() + session_cookie(token),
                            R"({"email": "long@hbtn.io", "password": ")" + too_long + R"("})"),
                400, "password too long");
    const PrometheusText metrics(client.get("/api/v1/metrics").body);
    CHECK(metrics.counter(R"(auth_api_password_hash_duration_seconds_count{operation="verify"})") ==
          1);
    CHECK(metrics.counter(R"(auth_api_password_hash_duration_seconds_count{operation="hash"})") ==
          0);
    CHECK_STATUS(
        client.post("/api/v1/users", json_content() + session_cookie(token),
                    R"({"email": "max@hbtn.io", "password": ")" + std::string(1024, 'p') + R"("})"),
        201);
}

}  // namespace authapi::e2e
