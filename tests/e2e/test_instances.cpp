// Several auth-api processes over one database (one SQLite file, or one
// PostgreSQL database in the e2e-postgresql run): what one instance
// acknowledges, every other one sees at once.
#include <doctest/doctest.h>

#include "postgresql_backend.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

constexpr const char* kLogout = "/api/v1/auth_session/logout";

Response me(const HttpClient& client, const std::string& token) {
    return client.get("/api/v1/users/me", session_cookie(token));
}

}  // namespace

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

}  // namespace authapi::e2e
