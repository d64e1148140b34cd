// The database failing under a running server: a read-only file, a lock held
// past the busy timeout, a full disk, the file deleted or corrupted. Each
// request that cannot be served gets 503 {"error": "Service Unavailable"},
// nothing is half-written, and the server recovers by itself once the fault
// is gone. /api/v1/status answers throughout.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "json_body.hpp"
#include "machine_faults.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

const char* const kUnavailable = "Service Unavailable";

bool run(const std::string& command) {
    return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

std::string new_user_body(const std::string& email, std::size_t name_size = 4) {
    return R"({"email": ")" + email + R"(", "password": "pwd", "first_name": ")" +
           std::string(name_size, 'n') + "\"}";
}

long long user_count(const HttpClient& client) {
    return int_member(client.get("/api/v1/stats"), "users").value_or(-1);
}

std::string integrity_check(const std::string& db_path) {
    SQLite::Database db(db_path, SQLite::OPEN_READWRITE, 5000);
    return db.execAndGet("PRAGMA integrity_check").getString();
}

void check_alive(const HttpClient& client) {
    CHECK_STATUS(client.get("/api/v1/status"), 200);
}

TEST_CASE("a read-only database file: writes are 503, reads go on, writes resume after") {
    ServerProcess server;
    const HttpClient client(server.port());
    CHECK_STATUS(client.post("/api/v1/users", json_content(), new_user_body("a@ro.test")), 201);
    // Root ignores permission bits, so the file is made immutable, which
    // refuses writes even through descriptors already open.
    const std::string files = server.db_path() + " " + server.db_path() + "-wal";
    if (!run("chattr +i " + files)) {
        cannot_test("chattr +i on " + server.directory() +
                    " (needs root and ext2/3/4, xfs, btrfs)");
        return;
    }
    const Response refused =
        client.post("/api/v1/users", json_content(), new_user_body("b@ro.test"));
    run("chattr -i " + files);  // before any CHECK can end the test
    CHECK_ERROR(refused, 503, kUnavailable);
    CHECK(user_count(client) == 1);
    check_alive(client);
    CHECK_STATUS(client.post("/api/v1/users", json_content(), new_user_body("b@ro.test")), 201);
    CHECK(user_count(client) == 2);
    CHECK(server.stop() == 0);
    CHECK(integrity_check(server.db_path()) == "ok");
}

TEST_CASE("a lock held by another process past the busy timeout: 503, then served again") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port(), std::chrono::seconds(15));
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    {
        SQLite::Database holder(server.db_path(), SQLite::OPEN_READWRITE);
        holder.exec("BEGIN EXCLUSIVE");
        // The session INSERT waits the busy timeout (5 s), then gives up.
        const Response login =
            client.post("/api/v1/auth_session/login", form_content(),
                        form_body({{"email", kSessionEmail}, {"password", kSessionPassword}}));
        CHECK_ERROR(login, 503, kUnavailable);
        CHECK_FALSE(cookie_value(login));
        // WAL readers are not blocked by a writer.
        CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(token)), 200);
        check_alive(client);
        holder.exec("COMMIT");
    }
    const std::string second = login_token(client, kSessionEmail, kSessionPassword);
    CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(second)), 200);
    SQLite::Database db(server.db_path(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT count(*) FROM user_sessions").getInt() == 2);
}

TEST_CASE("a full disk: 503 for writes that do not fit, nothing half-written, then served") {
    const SmallTmpfs mount_point("1m");
    if (!mount_point.mounted()) {
        cannot_test("mount a 1 MiB tmpfs (needs root or CAP_SYS_ADMIN)");
        return;
    }

    const std::string db_path = mount_point.file("auth.db");
    const std::string filler = mount_point.file("filler");
    {
        ServerProcess server({{"DB_PATH", db_path}});
        const HttpClient client(server.port());
        CHECK_STATUS(client.post("/api/v1/users", json_content(), new_user_body("a@full.test")),
                     201);
        // Fill every free block, then ask for ~40 KB more.
        run("dd if=/dev/zero of=" + filler + " bs=4096");
        int refused = 0;
        int created = 1;
        for (int i = 0; i < 3; ++i) {
            const Response response =
                client.post("/api/v1/users", json_content(),
                            new_user_body("big" + std::to_string(i) + "@full.test", 40 * 1024));
            INFO(describe(response));
            CHECK((response.status == 201 || response.status == 503));
            if (response.status == 503) {
                CHECK(error_of(response) == kUnavailable);
                ++refused;
            } else {
                ++created;
            }
        }
        CHECK(refused > 0);
        check_alive(client);
        CHECK(user_count(client) == created);  // readers still served, no partial row
        std::remove(filler.c_str());
        CHECK_STATUS(client.post("/api/v1/users", json_content(),
                                 new_user_body("after@full.test", 40 * 1024)),
                     201);
        CHECK(user_count(client) == created + 1);
        CHECK(server.stop() == 0);
    }
    CHECK(integrity_check(db_path) == "ok");
}

// A consistent single-file copy, as an operator's backup would be.
void backup(const std::string& db_path, const std::string& copy) {
    SQLite::Database db(db_path, SQLite::OPEN_READWRITE, 5000);
    db.exec("VACUUM INTO '" + copy + "'");
}

// The documented way back: remove the WAL files, move the copy in place.
void restore(const std::string& copy, const std::string& db_path) {
    std::remove((db_path + "-wal").c_str());
    std::remove((db_path + "-shm").c_str());
    REQUIRE(std::rename(copy.c_str(), db_path.c_str()) == 0);
}

// A session_db_auth server with a logged-in session, and a backup taken then.
struct BackedUpServer {
    BackedUpServer() {
        server.seed_user(kSessionEmail, kSessionPassword);
        token = login_token(client, kSessionEmail, kSessionPassword);
        backup(server.db_path(), copy);
    }

    ServerProcess server{{"AUTH_TYPE", "session_db_auth"}};
    HttpClient client{server.port()};
    std::string token;
    std::string copy = server.directory() + "/backup.db";
};

TEST_CASE("the database file deleted, then restored from a backup") {
    BackedUpServer fixture;
    ServerProcess& server = fixture.server;
    const HttpClient& client = fixture.client;
    const std::string& token = fixture.token;
    const std::string& copy = fixture.copy;

    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::remove((server.db_path() + suffix).c_str());
    }
    CHECK_ERROR(client.get("/api/v1/users/me", session_cookie(token)), 503, kUnavailable);
    CHECK_ERROR(client.post("/api/v1/auth_session/login", form_content(),
                            form_body({{"email", kSessionEmail}, {"password", "x"}})),
                503, kUnavailable);
    check_alive(client);
    CHECK(::access(server.db_path().c_str(), F_OK) != 0);  // never recreated empty

    restore(copy, server.db_path());
    CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(token)), 200);
    const std::string again = login_token(client, kSessionEmail, kSessionPassword);
    CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(again)), 200);
    CHECK(server.stop() == 0);
    CHECK(integrity_check(server.db_path()) == "ok");
}

TEST_CASE("the database file corrupted while running: 503 or a true answer, never a crash") {
    BackedUpServer fixture;
    ServerProcess& server = fixture.server;
    const HttpClient& client = fixture.client;
    const std::string& token = fixture.token;
    const std::string& copy = fixture.copy;
    {
        // Garbage over every page, the header included, in place.
        SQLite::Database db(server.db_path(), SQLite::OPEN_READWRITE, 5000);
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    {
        std::ofstream garbage(server.db_path(), std::ios::binary | std::ios::in);
        const std::string junk(256 * 1024, '\x5a');
        garbage.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    int unavailable = 0;
    for (int i = 0; i < 4; ++i) {
        const Response me = client.get("/api/v1/users/me", session_cookie(token));
        INFO(describe(me));
        CHECK((me.status == 200 || me.status == 503));
        if (me.status == 503) {
            CHECK(error_of(me) == kUnavailable);
            ++unavailable;
        }
        const Response create =
            client.post("/api/v1/users", json_content() + session_cookie(token),
                        new_user_body("c" + std::to_string(i) + "@corrupt.test"));
        INFO(describe(create));
        CHECK((create.status == 503 || create.status == 201));
        check_alive(client);
    }
    // Pages still in a connection's cache keep answering truly; those read
    // from the file fail their checksum-free sanity checks and give 503.
    MESSAGE("corrupted file: " << unavailable << " of 4 reads answered 503");
    CHECK(server.running());

    restore(copy, server.db_path());
    CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(token)), 200);
    CHECK_STATUS(client.post("/api/v1/users", json_content() + session_cookie(token),
                             new_user_body("ok@corrupt.test")),
                 201);
    CHECK(server.stop() == 0);
    CHECK(integrity_check(server.db_path()) == "ok");
}

}  // namespace

}  // namespace authapi::e2e
