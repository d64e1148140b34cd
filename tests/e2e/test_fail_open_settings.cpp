// Settings that leave the service open say so at startup, one warning line
// each; a cookie name that browsers would silently drop is refused.
#include <doctest/doctest.h>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

constexpr const char* kNoAuth = "auth-api: warning: AUTH_TYPE is not set: no authentication";
constexpr const char* kNoExpiry = "auth-api: warning: sessions never expire";
constexpr const char* kNotSecure = "auth-api: warning: the session cookie is not Secure";

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++count;
    }
    return count;
}

// The warnings the server printed before it listened, one per line.
std::string startup_warnings(const Environment& env) {
    ServerProcess server(env);
    const std::string log = server.log();
    std::string warnings;
    std::size_t start = 0;
    while (start < log.size()) {
        const std::size_t end = std::min(log.find('\n', start), log.size());
        const std::string line = log.substr(start, end - start);
        if (line.rfind("auth-api: warning: ", 0) == 0) warnings += line + "\n";
        start = end + 1;
    }
    return warnings;
}

TEST_CASE("startup warns once about each setting that fails open") {
    SUBCASE("no authentication") {
        const std::string warnings = startup_warnings({});
        CHECK(count_of(warnings, kNoAuth) == 1);
        CHECK(count_of(warnings, "\n") == 1);
    }
    SUBCASE("sessions without any expiry, in each session mode") {
        for (const char* mode : {"session_auth", "session_exp_auth", "session_db_auth"}) {
            const std::string warnings = startup_warnings({{"AUTH_TYPE", mode}});
            INFO(mode << ":\n" << warnings);
            CHECK(count_of(warnings, kNoExpiry) == 1);
            CHECK(count_of(warnings, "\n") == 1);  // 127.0.0.1: the cookie is not exposed
        }
        // session_auth has no lifetime of its own: only an idle timeout ends its sessions.
        CHECK(count_of(
                  startup_warnings({{"AUTH_TYPE", "session_auth"}, {"SESSION_DURATION", "3600"}}),
                  kNoExpiry) == 1);
    }
    SUBCASE("a session cookie without Secure on an address other machines reach") {
        const std::string warnings = startup_warnings({{"AUTH_TYPE", "session_db_auth"},
                                                       {"API_HOST", "0.0.0.0"},
                                                       {"SESSION_DURATION", "60"}});
        CHECK(count_of(warnings, kNotSecure) == 1);
        CHECK(warnings.find("API_HOST=0.0.0.0") != std::string::npos);
        CHECK(count_of(warnings, "\n") == 1);
    }
    SUBCASE("none when each is set") {
        CHECK(startup_warnings({{"AUTH_TYPE", "session_db_auth"},
                                {"API_HOST", "0.0.0.0"},
                                {"SESSION_DURATION", "3600"},
                                {"COOKIE_SECURE", "1"}}) == "");
        CHECK(startup_warnings({{"AUTH_TYPE", "session_auth"}, {"SESSION_IDLE_TIMEOUT", "600"}}) ==
              "");
        CHECK(startup_warnings({{"AUTH_TYPE", "basic_auth"}, {"API_HOST", "0.0.0.0"}}) == "");
    }
}

TEST_CASE("a __Host- or __Secure- cookie name without COOKIE_SECURE=1 stops the server") {
    TempDirectory dir;
    for (const char* name : {"__Host-sid", "__Secure-sid", "__host-sid"}) {
        const ProcessResult refused = run_auth_api(
            {}, test_environment(dir.file("auth.db"),
                                 {{"AUTH_TYPE", "session_db_auth"}, {"SESSION_NAME", name}}));
        INFO(name << ": " << refused.err);
        CHECK(refused.exit_code == 2);
        CHECK(refused.err.find(std::string("SESSION_NAME='") + name + "' needs COOKIE_SECURE=1") !=
              std::string::npos);
        CHECK(refused.err.find("listening") == std::string::npos);
    }
    // With it, the cookie carries the name and Secure.
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"},
                          {"SESSION_NAME", "__Host-sid"},
                          {"COOKIE_SECURE", "1"},
                          {"SESSION_DURATION", "60"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const auto cookie =
        set_cookie_for(login(client, kSessionEmail, kSessionPassword), "__Host-sid");
    REQUIRE(cookie);
    CHECK(cookie_attribute(*cookie, "Secure") == std::optional<std::string>(""));
    CHECK(cookie_attribute(*cookie, "Path") == std::optional<std::string>("/"));
}

}  // namespace

}  // namespace authapi::e2e
