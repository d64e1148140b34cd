// Security properties checked against the real server: token strength and
// uniqueness, the token never leaving the cookie, cookie flags (spec A6),
// and sessions of deleted users.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "json_body.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

// 43 base64url characters without padding carry 258 bits, of which the
// encoder's last character holds only 4 meaningful: 256 random bits exactly
// when that character is one of the 16 that leave its low 2 bits zero.
bool encodes_exactly_256_bits(const std::string& token) {
    static const std::string kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const auto last = kAlphabet.find(token.back());
    return is_session_token(token) && last != std::string::npos && last % 4 == 0;
}

TEST_CASE("session tokens are 256-bit base64url, distinct, and only ever in the cookie") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    std::set<std::string> tokens;
    std::vector<std::string> bodies;
    constexpr int kLogins = 40;
    for (int i = 0; i < kLogins; ++i) {
        const Response response = login(client, kSessionEmail, kSessionPassword);
        REQUIRE(response.status == 200);
        const std::string token = cookie_value(response).value_or("");
        CAPTURE(token);
        CHECK(encodes_exactly_256_bits(token));
        tokens.insert(token);
        bodies.push_back(response.body);
        const Response me = client.get("/api/v1/users/me", session_cookie(token));
        CHECK_STATUS(me, 200);
        bodies.push_back(me.body);
        bodies.push_back(client.get("/api/v1/users", session_cookie(token)).body);
        if (i % 4 == 0) {
            const Response out = client.del("/api/v1/auth_session/logout", session_cookie(token));
            CHECK_STATUS(out, 200);
            bodies.push_back(out.body);
        }
    }
    CHECK(tokens.size() == static_cast<std::size_t>(kLogins));

    CHECK(server.stop() == 0);
    const std::string stored = read_file(server.db_path()) + read_file(server.db_path() + "-wal") +
                               read_file(server.db_path() + "-shm");
    REQUIRE(stored.size() > 0);
    const std::string log = server.log();
    REQUIRE(log.find("/api/v1/auth_session/login") != std::string::npos);
    for (const auto& token : tokens) {
        CAPTURE(token);
        CHECK(stored.find(token) == std::string::npos);
        CHECK(log.find(token) == std::string::npos);
        for (const auto& body : bodies) CHECK(body.find(token) == std::string::npos);
    }
}

TEST_CASE("Set-Cookie flags follow the spec (A6), with COOKIE_SECURE and SESSION_DURATION") {
    struct Case {
        const char* secure;
        const char* duration;
        bool want_secure;
        const char* want_max_age;  // nullptr: absent
    };
    for (const Case c : {Case{"0", "0", false, nullptr}, Case{"1", "600", true, "600"}}) {
        CAPTURE(c.secure);
        ServerProcess server({{"AUTH_TYPE", "session_db_auth"},
                              {"COOKIE_SECURE", c.secure},
                              {"SESSION_DURATION", c.duration}});
        server.seed_user(kSessionEmail, kSessionPassword);
        const HttpClient client(server.port());
        const Response response = login(client, kSessionEmail, kSessionPassword);
        CHECK_STATUS(response, 200);
        const std::string set_cookie = set_cookie_for(response).value_or("");
        CAPTURE(set_cookie);
        CHECK(cookie_attribute(set_cookie, "Path") == std::optional<std::string>("/"));
        CHECK(cookie_attribute(set_cookie, "HttpOnly") == std::optional<std::string>(""));
        CHECK(cookie_attribute(set_cookie, "SameSite") == std::optional<std::string>("Lax"));
        CHECK(cookie_attribute(set_cookie, "Secure").has_value() == c.want_secure);
        if (c.want_max_age) {
            CHECK(cookie_attribute(set_cookie, "Max-Age") ==
                  std::optional<std::string>(c.want_max_age));
        } else {
            CHECK_FALSE(cookie_attribute(set_cookie, "Max-Age").has_value());
        }
        CHECK(response.headers.get_all("Set-Cookie").size() == 1);

        const std::string token = *cookie_value(response);
        const Response out = client.del("/api/v1/auth_session/logout", session_cookie(token));
        CHECK_STATUS(out, 200);
        const std::string expiring = set_cookie_for(out).value_or("");
        CAPTURE(expiring);
        CHECK(cookie_value(out) == std::optional<std::string>(""));
        CHECK(cookie_attribute(expiring, "Max-Age") == std::optional<std::string>("0"));
        CHECK(cookie_attribute(expiring, "HttpOnly").has_value());
        CHECK(cookie_attribute(expiring, "Secure").has_value() == c.want_secure);
    }
}

TEST_CASE("a deleted user's sessions are refused, in every session mode") {
    for (const char* mode : {"session_auth", "session_exp_auth", "session_db_auth"}) {
        CAPTURE(mode);
        ServerProcess server({{"AUTH_TYPE", mode}, {"SESSION_DURATION", "600"}});
        server.seed_user(kSessionEmail, kSessionPassword);
        const std::string victim = server.seed_user("victim@sec.test", "pwd");
        const HttpClient client(server.port());
        const std::string admin = login_token(client, kSessionEmail, kSessionPassword);
        const std::string token = login_token(client, "victim@sec.test", "pwd");
        CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(token)), 200);
        CHECK_EMPTY_OBJECT(client.del("/api/v1/users/" + victim, session_cookie(admin)));
        CHECK_ERROR(client.get("/api/v1/users/me", session_cookie(token)), 403, "Forbidden");
        CHECK_ERROR(client.get("/api/v1/users", session_cookie(token)), 403, "Forbidden");
        // Recreating the email makes a new user; the old session stays dead.
        CHECK_STATUS(client.post("/api/v1/users", json_content() + session_cookie(admin),
                                 R"({"email": "victim@sec.test", "password": "pwd"})"),
                     201);
        CHECK_ERROR(client.get("/api/v1/users/me", session_cookie(token)), 403, "Forbidden");
    }
}

}  // namespace

}  // namespace authapi::e2e
