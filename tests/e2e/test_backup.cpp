// auth-api backup FILE: a consistent copy of a live SQLite database, taken
// while the server logs people in and creates users; FILE is the whole copy
// or untouched, never half of one.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "json_body.hpp"
#include "machine_faults.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"
#include "session_rows.hpp"

namespace authapi::e2e {

namespace {

// What the server answered 201 / 200 to, in order.
struct Acknowledged {
    std::mutex mutex;
    std::vector<std::string> users;   // ids of created users
    std::vector<std::string> tokens;  // session tokens of logins
};

struct Snapshot {
    std::vector<std::string> users;
    std::vector<std::string> tokens;
};

Snapshot snapshot(Acknowledged& acked) {
    const std::lock_guard<std::mutex> lock(acked.mutex);
    return {acked.users, acked.tokens};
}

// Creates users with `token`'s session until told to stop.
void create_users(std::uint16_t port, const std::string& token, int client,
                  const std::atomic<bool>& stop, Acknowledged& acked) {
    const HttpClient http(port, std::chrono::seconds(10));
    for (int i = 0; !stop; ++i) {
        const std::string email =
            "u" + std::to_string(client) + "-" + std::to_string(i) + "@backup.test";
        const Response created = http.post("/api/v1/users", json_content() + session_cookie(token),
                                           R"({"email": ")" + email + R"(", "password": "pw"})");
        if (created.status != 201) return;
        const std::lock_guard<std::mutex> lock(acked.mutex);
        acked.users.push_back(text_member(created, "id"));
    }
}

void log_in_repeatedly(std::uint16_t port, const std::atomic<bool>& stop, Acknowledged& acked) {
    const HttpClient http(port, std::chrono::seconds(10));
    while (!stop) {
        const Response logged_in = login(http, kSessionEmail, kSessionPassword);
        if (logged_in.status != 200) return;
        const std::lock_guard<std::mutex> lock(acked.mutex);
        acked.tokens.push_back(cookie_value(logged_in).value_or(""));
    }
}

std::set<std::string> column(const std::string& db_path, const std::string& sql) {
    SQLite::Database db(db_path, SQLite::OPEN_READONLY);
    SQLite::Statement select(db, sql);
    std::set<std::string> values;
    while (select.executeStep()) values.insert(select.getColumn(0).getString());
    return values;
}

std::string integrity_check(const std::string& db_path) {
    SQLite::Database db(db_path, SQLite::OPEN_READONLY);
    return db.execAndGet("PRAGMA integrity_check").getString();
}

// The names in `directory`, sorted.
std::set<std::string> files_in(const std::string& directory) {
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        names.insert(entry.path().filename().string());
    }
    return names;
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

TEST_CASE("backup: consistent copies of a database that is being written, usable as a restore") {
    ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient http(server.port());
    const std::string admin = login_token(http, kSessionEmail, kSessionPassword);

    Acknowledged acked;
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    clients.emplace_back(create_users, server.port(), admin, 1, std::cref(stop), std::ref(acked));
    clients.emplace_back(create_users, server.port(), admin, 2, std::cref(stop), std::ref(acked));
    clients.emplace_back(log_in_repeatedly, server.port(), std::cref(stop), std::ref(acked));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (snapshot(acked).users.size() < 6 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    TempDirectory backups;
    constexpr int kBackups = 4;
    const Snapshot first = snapshot(acked);
    for (int i = 0; i < kBackups; ++i) {
        const std::string copy = backups.file("copy" + std::to_string(i) + ".db");
        const Snapshot before = snapshot(acked);
        const ProcessResult result = server.cli({"backup", copy});
        INFO("backup " << i << ": " << result.out << result.err);
        REQUIRE(result.exit_code == 0);
        CHECK(result.out.find("backed up " + server.db_path() + " to " + copy) !=
              std::string::npos);
        REQUIRE(integrity_check(copy) == "ok");
        // Everything acknowledged before the backup started is in the copy.
        const auto users = column(copy, "SELECT id FROM users");
        for (const auto& id : before.users) CHECK(users.count(id) == 1);
        const auto sessions = column(copy, "SELECT token_hash FROM user_sessions");
        for (const auto& token : before.tokens) CHECK(sessions.count(sha256_hex_of(token)) == 1);
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
    }
    stop = true;
    for (auto& client : clients) client.join();
    const Snapshot last = snapshot(acked);
    // The stream went on while the backups ran; nothing but the copies was left behind.
    CHECK(last.users.size() > first.users.size());
    CHECK(last.tokens.size() > first.tokens.size());
    CHECK(files_in(backups.path()) ==
          std::set<std::string>{"copy0.db", "copy1.db", "copy2.db", "copy3.db"});
    CHECK(std::filesystem::status(backups.file("copy0.db")).permissions() ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    // A copy holds nothing that was never acknowledged or written.
    const auto all_users = column(server.db_path(), "SELECT id FROM users");
    for (const auto& id : column(backups.file("copy3.db"), "SELECT id FROM users")) {
        CHECK(all_users.count(id) == 1);
    }

    // Restored, a copy serves: its sessions and users are there.
    const std::string restored = backups.file("copy3.db");
    const auto restored_users = column(restored, "SELECT id FROM users");
    ServerProcess from_copy({{"AUTH_TYPE", "session_db_auth"}, {"DB_PATH", restored}});
    const HttpClient restored_http(from_copy.port());
    CHECK_STATUS(restored_http.get("/api/v1/users/me", session_cookie(admin)), 200);
    CHECK_STATUS(
        restored_http.get("/api/v1/users/" + *restored_users.rbegin(), session_cookie(admin)), 200);
    CHECK_STATUS(login(restored_http, kSessionEmail, kSessionPassword), 200);
    MESSAGE("backup: " << kBackups << " copies while " << last.users.size() - first.users.size()
                       << " users were created and " << last.tokens.size() - first.tokens.size()
                       << " logins answered");
}

TEST_CASE("backup: refusals leave FILE as it was and nothing beside it") {
    TempDirectory dir;
    const std::string db = dir.file("auth.db");
    const std::string file = dir.file("backup.db");
    write_text(file, "an older backup");
    const Environment env = test_environment(db);

    // No database yet: nothing is created, neither the database nor FILE.
    const ProcessResult missing = run_auth_api({"backup", file}, env);
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find("auth-api backup: open database '" + db + "'") != std::string::npos);
    CHECK(read_file(file) == "an older backup");
    CHECK(files_in(dir.path()) == std::set<std::string>{"backup.db"});

    REQUIRE(run_auth_api({"migrate"}, env).exit_code == 0);
    const ProcessResult itself = run_auth_api({"backup", db}, env);
    CHECK(itself.exit_code == 1);
    CHECK(itself.err.find("is the database itself") != std::string::npos);
    CHECK(integrity_check(db) == "ok");

    const ProcessResult nowhere = run_auth_api({"backup", dir.file("no/such/dir.db")}, env);
    CHECK(nowhere.exit_code == 1);
    CHECK(nowhere.err.find("No such file or directory") != std::string::npos);

    CHECK(run_auth_api({"backup"}, env).exit_code == 2);
    CHECK(run_auth_api({"backup", file, "extra"}, env).exit_code == 2);

    const ProcessResult postgres = run_auth_api(
        {"backup", file},
        test_environment(db, {{"DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none"}}));
    CHECK(postgres.exit_code == 1);
    CHECK(postgres.err.find("PostgreSQL") != std::string::npos);
    CHECK(postgres.err.find("pg_dump") != std::string::npos);
    CHECK(read_file(file) == "an older backup");

    // With a database, FILE is replaced by the copy as a whole.
    const ProcessResult done = run_auth_api({"backup", file}, env);
    CHECK(done.exit_code == 0);
    CHECK(integrity_check(file) == "ok");
    CHECK(column(file, "SELECT name FROM schema_migrations").size() >= 3);
    // With no server on it, the backup leaves no -wal or -shm beside the
    // database (they would be owned by whoever ran it).
    CHECK(files_in(dir.path()) == std::set<std::string>{"auth.db", "backup.db"});
}

TEST_CASE("backup: a disk that fills up mid-copy leaves the older backup whole") {
    const SmallTmpfs disk("1m");
    if (!disk.mounted()) {
        cannot_test("mount a 1 MiB tmpfs (needs root or CAP_SYS_ADMIN)");
        return;
    }
    TempDirectory dir;
    const Environment env = test_environment(dir.file("auth.db"));
    REQUIRE(run_auth_api({"migrate"}, env).exit_code == 0);
    {
        // 2 MiB of rows: more than the disk holds.
        SQLite::Database db(dir.file("auth.db"), SQLite::OPEN_READWRITE);
        db.exec(
            "CREATE TABLE filler (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
            "SELECT i + 1 FROM n WHERE i < 512) INSERT INTO filler SELECT randomblob(4096) "
            "FROM n");
    }
    const std::string file = disk.file("backup.db");
    write_text(file, "an older backup");
    const ProcessResult full = run_auth_api({"backup", file}, env);
    INFO(full.err);
    CHECK(full.exit_code == 1);
    CHECK(full.err.find("nothing written to " + file) != std::string::npos);
    CHECK(read_file(file) == "an older backup");
    CHECK(files_in(disk.file("")) == std::set<std::string>{"backup.db"});
}

}  // namespace

}  // namespace authapi::e2e
