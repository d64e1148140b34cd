// Several auth-api processes over one database (one SQLite file, or one
// PostgreSQL database in the e2e-postgresql run): what one instance
// acknowledges, every other one sees at once.
#include <doctest/doctest.h>

#include "concurrent_requests.hpp"
#include "postgresql_backend.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

TEST_CASE("two instances share users and sessions: login, logout and deletion seen at once") {
    TempDirectory dir;
    const Environment shared{{"AUTH_TYPE", "session_db_auth"}, {"DB_PATH", dir.file("auth.db")}};
    ServerProcess a(shared);
    ServerProcess b(shared);
    if (postgresql_backend_url()) {
        CHECK(a.log().find("database: postgresql://") != std::string::npos);
        CHECK(b.log().find("database: postgresql://") != std::string::npos);
    }
    const std::string id = a.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient on_a(a.port());
    const HttpClient on_b(b.port());

    // Login on A, /users/me on B.
    const std::string token = login_token(on_a, kSessionEmail, kSessionPassword);
    const Response seen_on_b = me(on_b, token);
    CHECK_STATUS(seen_on_b, 200);
    CHECK(text_member(seen_on_b, "id") == id);

    // Logout on B: A refuses the cookie on the very next request.
    CHECK_STATUS(me(on_a, token), 200);
    CHECK_EMPTY_OBJECT(on_b.del(kLogout, session_cookie(token)));
    CHECK_ERROR(me(on_a, token), 403, "Forbidden");
    CHECK_ERROR(on_a.del(kLogout, session_cookie(token)), 403, "Forbidden");

    // A user deleted on A is gone on B, and so are its sessions.
    const std::string again = login_token(on_b, kSessionEmail, kSessionPassword);
    CHECK_STATUS(me(on_a, again), 200);
    CHECK_EMPTY_OBJECT(on_a.del("/api/v1/users/" + id, session_cookie(again)));
    CHECK_ERROR(on_b.get("/api/v1/users/" + id, session_cookie(again)), 403, "Forbidden");
    CHECK_ERROR(me(on_b, again), 403, "Forbidden");

    // A user created on B logs in on A.
    b.seed_user("second@hbtn.io", "second pwd");
    const std::string second = login_token(on_a, "second@hbtn.io", "second pwd");
    CHECK_STATUS(me(on_b, second), 200);
}

TEST_CASE("two instances share the throttle's budget on PostgreSQL; each keeps its own on SQLite") {
    TempDirectory dir;
    const Environment shared{{"AUTH_TYPE", "session_db_auth"},
                             {"DB_PATH", dir.file("auth.db")},
                             {"THROTTLE_ACCOUNT_FAILURES", "4"},
                             {"THROTTLE_IP_FAILURES", "0"},
                             {"API_HASH_THREADS", "4"}};
    ServerProcess a(shared);
    ServerProcess b(shared);
    a.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient on_a(a.port(), std::chrono::seconds(30));
    const HttpClient on_b(b.port(), std::chrono::seconds(30));

    // 20 wrong passwords at once, half through each instance.
    constexpr int kAttempts = 20;
    const auto responses = all_at_once(
        kAttempts, [&](int i) { return login(i % 2 == 0 ? on_a : on_b, kSessionEmail, "wrong"); });
    const int checked = count_status(responses, 401);
    const int refused = count_status(responses, 429);
    const bool shared_store = postgresql_backend_url().has_value();
    MESSAGE(std::string(shared_store ? "PostgreSQL" : "SQLite")
            << ": " << checked << " checked, " << refused << " refused");
    CHECK(checked == (shared_store ? 4 : 8));
    CHECK(checked + refused == kAttempts);
    CHECK_STATUS(login(on_a, kSessionEmail, kSessionPassword), 429);
    CHECK_STATUS(login(on_b, kSessionEmail, kSessionPassword), 429);
}

TEST_CASE("a password changed through one instance is refused over Basic by the other at once") {
    TempDirectory dir;
    const Environment shared{{"AUTH_TYPE", "basic_auth"}, {"DB_PATH", dir.file("auth.db")}};
    ServerProcess a(shared);
    ServerProcess b(shared);
    a.seed_user(kBobEmail, kBobPassword);
    const HttpClient on_a(a.port());
    const HttpClient on_b(b.port());

    // B has verified, and remembers, the old credentials.
    CHECK_STATUS(on_b.get("/api/v1/users/me", basic_auth(kBobEmail, kBobPassword)), 200);
    CHECK_STATUS(on_b.get("/api/v1/users/me", basic_auth(kBobEmail, kBobPassword)), 200);

    CHECK_EMPTY_OBJECT(on_a.put("/api/v1/users/me/password",
                                json_content() + basic_auth(kBobEmail, kBobPassword),
                                R"({"current_password": "H0lbertonSchool98!", )"
                                R"("new_password": "changed on A"})"));
    CHECK_ERROR(on_b.get("/api/v1/users/me", basic_auth(kBobEmail, kBobPassword)), 403,
                "Forbidden");
    CHECK_STATUS(on_b.get("/api/v1/users/me", basic_auth(kBobEmail, "changed on A")), 200);
    CHECK_ERROR(on_a.get("/api/v1/users/me", basic_auth(kBobEmail, kBobPassword)), 403,
                "Forbidden");
}

}  // namespace authapi::e2e
