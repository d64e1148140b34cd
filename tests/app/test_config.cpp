#include <doctest/doctest.h>

#include <map>

#include "config.hpp"

using namespace authapi;

namespace {

EnvLookup env(std::map<std::string, std::string> vars) {
    return [vars](const char* name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

}  // namespace

TEST_CASE("defaults") {
    const Config config = load_config(env({}));
    CHECK(config.host == "0.0.0.0");
    CHECK(config.port == 5000);
    CHECK(config.auth_type == AuthType::None);
    CHECK(config.session_name == "_my_session_id");
    CHECK(config.session_duration == 0);
    CHECK(config.db_path == "auth.db");
    CHECK(config.threads >= 1);
    CHECK_FALSE(config.cookie_secure);
    CHECK(config.max_request_bytes == 64 * 1024);
    CHECK(config.request_timeout_seconds == 10);
    CHECK(config.keepalive_timeout_seconds == 15);
    CHECK(config.warnings.empty());
}

TEST_CASE("every AUTH_TYPE, and empty means none") {
    CHECK(load_config(env({{"AUTH_TYPE", ""}})).auth_type == AuthType::None);
    CHECK(load_config(env({{"AUTH_TYPE", "auth"}})).auth_type == AuthType::Auth);
    CHECK(load_config(env({{"AUTH_TYPE", "basic_auth"}})).auth_type == AuthType::BasicAuth);
    CHECK(load_config(env({{"AUTH_TYPE", "session_auth"}})).auth_type == AuthType::SessionAuth);
    CHECK(load_config(env({{"AUTH_TYPE", "session_exp_auth"}})).auth_type ==
          AuthType::SessionExpAuth);
    CHECK(load_config(env({{"AUTH_TYPE", "session_db_auth"}})).auth_type ==
          AuthType::SessionDbAuth);
}

TEST_CASE("bad values are refused with the variable's name") {
    CHECK_THROWS_WITH_AS(load_config(env({{"AUTH_TYPE", "jwt"}})),
                         doctest::Contains("AUTH_TYPE='jwt'"), ConfigError);
    CHECK_THROWS_WITH_AS(load_config(env({{"AUTH_TYPE", "jwt"}})),
                         doctest::Contains("session_db_auth"), ConfigError);
    CHECK_THROWS_WITH_AS(load_config(env({{"API_PORT", "http"}})), doctest::Contains("API_PORT"),
                         ConfigError);
    CHECK_THROWS_AS(load_config(env({{"API_PORT", "65536"}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"API_PORT", "-1"}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"API_THREADS", "0"}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"API_HOST", "not a host"}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"SESSION_NAME", ""}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"SESSION_NAME", "a b"}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"SESSION_NAME", "a;b"}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"COOKIE_SECURE", "maybe"}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"DB_PATH", ""}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"API_MAX_REQUEST_BYTES", "10"}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"API_REQUEST_TIMEOUT", "0"}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"API_KEEPALIVE_TIMEOUT", "1.5"}})), ConfigError);
}

TEST_CASE("accepted values") {
    const Config config = load_config(env({{"API_HOST", "::1"},
                                           {"API_PORT", "0"},
                                           {"API_THREADS", "4"},
                                           {"SESSION_NAME", "sid"},
                                           {"SESSION_DURATION", " 1_0 "},
                                           {"DB_PATH", "/tmp/x.db"},
                                           {"COOKIE_SECURE", "1"},
                                           {"API_MAX_REQUEST_BYTES", "2048"},
                                           {"API_REQUEST_TIMEOUT", "3"},
                                           {"API_KEEPALIVE_TIMEOUT", "4"}}));
    CHECK(config.host == "::1");
    CHECK(config.port == 0);
    CHECK(config.threads == 4);
    CHECK(config.session_name == "sid");
    CHECK(config.session_duration == 10);
    CHECK(config.db_path == "/tmp/x.db");
    CHECK(config.cookie_secure);
    CHECK(config.max_request_bytes == 2048);
    CHECK(config.request_timeout_seconds == 3);
    CHECK(config.keepalive_timeout_seconds == 4);
}

TEST_CASE("SESSION_DURATION that is not an integer: 0 and a warning") {
    for (const char* bad : {"60.5", "abc", ""}) {
        const Config config = load_config(env({{"SESSION_DURATION", bad}}));
        CHECK(config.session_duration == 0);
        REQUIRE(config.warnings.size() == 1);
        CHECK(config.warnings[0].find("SESSION_DURATION") != std::string::npos);
    }
    CHECK(load_config(env({{"SESSION_DURATION", "-5"}})).session_duration == -5);
}

TEST_CASE("SESSION_DURATION is bounded like SESSION_IDLE_TIMEOUT: at most ten years") {
    CHECK(load_config(env({{"SESSION_DURATION", "316224000"}})).session_duration == 316224000);
    for (const char* too_long :
         {"316224001", "300000000000", "9223372036854775807", "99999999999999999999"}) {
        CAPTURE(too_long);
        CHECK_THROWS_WITH_AS(load_config(env({{"SESSION_DURATION", too_long}})),
                             doctest::Contains("expected at most 316224000"), ConfigError);
    }
    // Below zero, however far, still means "never expire", as in the reference.
    const Config negative = load_config(env({{"SESSION_DURATION", "-99999999999999999999"}}));
    CHECK(negative.session_duration <= 0);
    CHECK(negative.warnings.empty());
}

TEST_CASE("MAX_SESSIONS_PER_USER and API_HASH_QUEUE_PER_IP") {
    const Config defaults = load_config(env({}));
    CHECK(defaults.max_sessions_per_user == 100);
    CHECK(waiting_hash_jobs_per_ip(defaults) == 16);  // a quarter of API_HASH_QUEUE
    CHECK(waiting_hash_jobs_per_ip(load_config(env({{"API_HASH_QUEUE", "2"}}))) == 1);
    const Config set = load_config(env({{"MAX_SESSIONS_PER_USER", "5"},
                                        {"API_HASH_QUEUE", "10"},
                                        {"API_HASH_QUEUE_PER_IP", "7"}}));
    CHECK(set.max_sessions_per_user == 5);
    CHECK(waiting_hash_jobs_per_ip(set) == 7);
    for (const char* bad : {"0", "-1", "x", "1000001"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH_AS(load_config(env({{"MAX_SESSIONS_PER_USER", bad}})),
                             doctest::Contains("MAX_SESSIONS_PER_USER"), ConfigError);
        CHECK_THROWS_WITH_AS(load_config(env({{"API_HASH_QUEUE_PER_IP", bad}})),
                             doctest::Contains("API_HASH_QUEUE_PER_IP"), ConfigError);
    }
}

TEST_CASE("SESSION_IDLE_TIMEOUT and SESSION_SWEEP_INTERVAL") {
    const Config defaults = load_config(env({}));
    CHECK(defaults.session_idle_timeout == 0);
    CHECK(defaults.session_sweep_interval == 60);
    const Config set =
        load_config(env({{"SESSION_IDLE_TIMEOUT", "1800"}, {"SESSION_SWEEP_INTERVAL", "0"}}));
    CHECK(set.session_idle_timeout == 1800);
    CHECK(set.session_sweep_interval == 0);
    CHECK_THROWS_WITH_AS(load_config(env({{"SESSION_IDLE_TIMEOUT", "-1"}})),
                         doctest::Contains("SESSION_IDLE_TIMEOUT='-1'"), ConfigError);
    CHECK_THROWS_WITH_AS(load_config(env({{"SESSION_IDLE_TIMEOUT", "soon"}})),
                         doctest::Contains("SESSION_IDLE_TIMEOUT"), ConfigError);
    CHECK_THROWS_WITH_AS(load_config(env({{"SESSION_SWEEP_INTERVAL", "86401"}})),
                         doctest::Contains("SESSION_SWEEP_INTERVAL"), ConfigError);
}

TEST_CASE("hardening settings: defaults") {
    const Config config = load_config(env({}));
    CHECK(config.throttle_account_failures == 10);
    CHECK(config.throttle_ip_failures == 100);
    CHECK(config.throttle_window_seconds == 900);
    CHECK_FALSE(config.auth_strict);
    CHECK(config.allowed_origins.empty());
    CHECK(config.access_log);
    CHECK(config.log_format == LogFormat::Text);
    CHECK(config.metrics_token.empty());
}

TEST_CASE("hardening settings: values and refusals") {
    const Config config =
        load_config(env({{"THROTTLE_ACCOUNT_FAILURES", "0"},
                         {"THROTTLE_IP_FAILURES", "50"},
                         {"THROTTLE_WINDOW", "60"},
                         {"AUTH_STRICT", "1"},
                         {"ALLOWED_ORIGINS", " https://a.example ,http://b:3000,"},
                         {"ACCESS_LOG", "0"},
                         {"LOG_FORMAT", "json"},
                         {"METRICS_TOKEN", "t"}}));
    CHECK(config.throttle_account_failures == 0);
    CHECK(config.throttle_ip_failures == 50);
    CHECK(config.throttle_window_seconds == 60);
    CHECK(config.auth_strict);
    CHECK(config.allowed_origins == std::vector<std::string>{"https://a.example", "http://b:3000"});
    CHECK_FALSE(config.access_log);
    CHECK(config.log_format == LogFormat::Json);
    CHECK(config.metrics_token == "t");

    CHECK_THROWS_AS(load_config(env({{"THROTTLE_IP_FAILURES", "-1"}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"THROTTLE_WINDOW", "0"}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"AUTH_STRICT", "maybe"}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"LOG_FORMAT", "xml"}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"AUDIT_KEY", "short"}})), ConfigError);
    CHECK(load_config(env({{"AUDIT_KEY", "0123456789abcdef"}})).audit_key == "0123456789abcdef");
    CHECK_THROWS_AS(load_config(env({{"ALLOWED_ORIGINS", "a.example"}})), ConfigError);
    CHECK_THROWS_AS(load_config(env({{"ALLOWED_ORIGINS", "https://a.example/"}})), ConfigError);
}

TEST_CASE("proxies and origins: TRUSTED_PROXIES, PUBLIC_ORIGIN, ALLOWED_ORIGINS") {
    const Config defaults = load_config(env({}));
    CHECK(defaults.trusted_proxies.empty());
    CHECK_FALSE(defaults.public_origin);
    const Config config =
        load_config(env({{"TRUSTED_PROXIES", " 127.0.0.1, 10.0.0.0/8 ,::1,2001:db8::/32"},
                         {"PUBLIC_ORIGIN", "HTTPS://Auth.Example:443"},
                         {"ALLOWED_ORIGINS", "http://SPA.example:80, https://app.example:8443"}}));
    REQUIRE(config.trusted_proxies.size() == 4);
    CHECK(config.trusted_proxies[1].to_string() == "10.0.0.0/8");
    CHECK(config.trusted_proxies[2].to_string() == "::1");
    CHECK(config.public_origin == "https://auth.example");
    CHECK(config.allowed_origins ==
          std::vector<std::string>{"http://spa.example", "https://app.example:8443"});
    CHECK(load_config(env({{"TRUSTED_PROXIES", ""}})).trusted_proxies.empty());
    CHECK_FALSE(load_config(env({{"PUBLIC_ORIGIN", ""}})).public_origin);

    for (const char* bad : {"localhost", "10.0.0.1/8", "10.0.0.0/40", "127.0.0.1:80", "*"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH_AS(load_config(env({{"TRUSTED_PROXIES", bad}})),
                             doctest::Contains("TRUSTED_PROXIES"), ConfigError);
    }
    for (const char* bad : {"auth.example", "https://auth.example/", "ftp://a.example", "null"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH_AS(load_config(env({{"PUBLIC_ORIGIN", bad}})),
                             doctest::Contains("PUBLIC_ORIGIN"), ConfigError);
    }
    CHECK_THROWS_AS(load_config(env({{"ALLOWED_ORIGINS", "*"}})), ConfigError);
}

TEST_CASE("SESSION_SAMESITE: Lax by default; None only with a Secure cookie") {
    CHECK(load_config(env({})).session_same_site == "Lax");
    CHECK(load_config(env({{"SESSION_SAMESITE", "strict"}})).session_same_site == "Strict");
    CHECK(load_config(env({{"SESSION_SAMESITE", "None"}, {"COOKIE_SECURE", "1"}}))
              .session_same_site == "None");
    CHECK_THROWS_WITH_AS(load_config(env({{"SESSION_SAMESITE", "none"}})),
                         doctest::Contains("COOKIE_SECURE=1"), ConfigError);
    CHECK_THROWS_WITH_AS(load_config(env({{"SESSION_SAMESITE", "Relaxed"}})),
                         doctest::Contains("expected Lax, Strict or None"), ConfigError);
}

TEST_CASE("ACCESS_POLICY: task by default, owner on request, anything else refused") {
    CHECK(load_config(env({})).access_policy == AccessPolicy::Task);
    CHECK(load_config(env({{"ACCESS_POLICY", ""}})).access_policy == AccessPolicy::Task);
    CHECK(load_config(env({{"ACCESS_POLICY", "task"}})).access_policy == AccessPolicy::Task);
    CHECK(
        load_config(env({{"ACCESS_POLICY", "owner"}, {"AUTH_TYPE", "basic_auth"}})).access_policy ==
        AccessPolicy::Owner);
    CHECK_THROWS_WITH_AS(load_config(env({{"ACCESS_POLICY", "Owner"}})),
                         doctest::Contains("ACCESS_POLICY='Owner'"), ConfigError);
    CHECK_THROWS_WITH_AS(load_config(env({{"ACCESS_POLICY", "owner"}})),
                         doctest::Contains("needs AUTH_TYPE"), ConfigError);
}

TEST_CASE("cookie name prefixes that need Secure are refused without COOKIE_SECURE=1") {
    for (const char* name : {"__Host-sid", "__Secure-sid", "__HOST-sid", "__secure-x"}) {
        CHECK_THROWS_WITH_AS(load_config(env({{"SESSION_NAME", name}})),
                             doctest::Contains("needs COOKIE_SECURE=1"), ConfigError);
        CHECK(load_config(env({{"SESSION_NAME", name}, {"COOKIE_SECURE", "1"}})).session_name ==
              name);
    }
    CHECK(load_config(env({{"SESSION_NAME", "__Hostile"}})).session_name == "__Hostile");
}
