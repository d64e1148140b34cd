#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "session_row_key.hpp"
#include "sqlite_session_repository.hpp"
#include "sqlite_user_repository.hpp"
#include "storage_fixture.hpp"
#include "user_repository.hpp"
#include "worker_thread.hpp"

namespace authapi::test {

TEST_CASE_FIXTURE(StorageFixture, "a stored session has updated_at = created_at") {
    users.insert(make_user("u1", "a@example.com"));
    sessions.insert(make_session("s1", "u1", "hash-1", kNow + 60));

    SQLite::Statement select(database.connection().handle(),
                             "SELECT created_at, updated_at, expires_at FROM user_sessions");
    REQUIRE(select.executeStep());
    CHECK(select.getColumn(0).getString() == "2023-11-14 22:13:20");
    CHECK(select.getColumn(1).getString() == "2023-11-14 22:13:20");
    CHECK(select.getColumn(2).getString() == "2023-11-14 22:14:20");
}

TEST_CASE_FIXTURE(StorageFixture, "a session for an unknown user is refused") {
    CHECK_FALSE(sessions.insert(make_session("s1", "ghost", "hash-1")));
    CHECK_FALSE(sessions.find_by_token_hash("hash-1"));
}

TEST_CASE("sessions survive closing and reopening the file") {
    TempDirectory directory;
    const std::string path = directory.file("auth.db");
    {
        SqliteDatabase database(path);
        apply_migrations(database, embedded_migrations());
        SqliteUserRepository(database).insert(make_user("u1", "a@example.com"));
        SqliteSessionRepository(database).insert(make_session("s1", "u1", "hash-1", kNow + 60));
    }
    SqliteDatabase reopened(path);
    CHECK(apply_migrations(reopened, embedded_migrations()).empty());

    const auto session = SqliteSessionRepository(reopened).find_by_token_hash("hash-1");
    REQUIRE(session);
    CHECK(session->id == "s1");
    CHECK(session->expires_at == kNow + 60);
    CHECK(SqliteUserRepository(reopened).find_by_id("u1"));
}

TEST_CASE("an acknowledged write survives the process being killed") {
    TempDirectory directory;
    const std::string path = directory.file("auth.db");
    {
        SqliteDatabase database(path);
        apply_migrations(database, embedded_migrations());
        SqliteUserRepository(database).insert(make_user("u1", "a@example.com"));
    }

    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // No destructors, no close: the write is all that has happened.
        SqliteDatabase database(path);
        SqliteSessionRepository(database).insert(make_session("s1", "u1", "hash-1"));
        kill(getpid(), SIGKILL);
        _exit(1);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));

    SqliteDatabase reopened(path);
    CHECK(SqliteSessionRepository(reopened).find_by_token_hash("hash-1"));
}

// Pitfall #1 of the notes. Without the reset on scope exit, the worker's
// find_by_id leaves its statement on a row; that keeps the worker
// connection's read transaction, and so its WAL snapshot, open. Resetting
// the session statement when its next scope begins does not help: the
// snapshot belongs to the connection, so the deleted session is still found.
TEST_CASE_FIXTURE(StorageFixture,
                  "a session deleted on one connection is gone for a connection that read before") {
    users.insert(make_user("u1", "a@example.com"));
    sessions.insert(make_session("s1", "u1", "hash-1"));
    WorkerThread other;
    REQUIRE(other.run([&] { return users.find_by_id("u1").has_value(); }));
    REQUIRE(other.run([&] { return sessions.find_by_token_hash("hash-1").has_value(); }));

    REQUIRE(sessions.remove_by_token_hash("hash-1"));

    CHECK_FALSE(other.run([&] { return sessions.find_by_token_hash("hash-1").has_value(); }));
}

// The other face of the same pitfall: a connection whose snapshot is older
// than the last commit cannot write at all (SQLITE_BUSY_SNAPSHOT, at once,
// with no busy wait).
TEST_CASE_FIXTURE(StorageFixture, "a connection that read before another's write can write") {
    users.insert(make_user("u1", "a@example.com"));
    WorkerThread other;
    REQUIRE(other.run([&] { return users.find_by_id("u1").has_value(); }));

    sessions.insert(make_session("s1", "u1", "hash-1"));

    CHECK_NOTHROW(other.run([&] { sessions.insert(make_session("s2", "u1", "hash-2")); }));
    CHECK(sessions.find_by_token_hash("hash-2"));
}

TEST_CASE_FIXTURE(StorageFixture, "concurrent inserts from four threads all land") {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 25;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const std::string n = std::to_string(t) + "-" + std::to_string(i);
                try {
                    users.insert(make_user("u" + n, n + "@example.com"));
                    sessions.insert(make_session("s" + n, "u" + n, "hash-" + n));
                    if (!sessions.find_by_token_hash("hash-" + n)) {
                        ++failures;
                    }
                } catch (const std::exception& error) {
                    MESSAGE(error.what());
                    ++failures;
                }
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }

    CHECK(failures == 0);
    CHECK(users.count() == kThreads * kPerThread);
    int found = 0;
    for (int t = 0; t < kThreads; ++t) {
        for (int i = 0; i < kPerThread; ++i) {
            const std::string n = std::to_string(t) + "-" + std::to_string(i);
            found += sessions.find_by_token_hash("hash-" + n).has_value() ? 1 : 0;
        }
    }
    CHECK(found == kThreads * kPerThread);
}

TEST_CASE_FIXTURE(StorageFixture, "a malformed session timestamp is a StorageError naming it") {
    users.insert(make_user("u1", "a@example.com"));
    sessions.insert(make_session("s1", "u1", "hash-1"));
    database.connection().handle().exec(
        "UPDATE user_sessions SET last_seen_at = 'yesterday' WHERE id = 's1'");
    CHECK_THROWS_WITH_AS(sessions.find_with_user("hash-1"),
                         doctest::Contains("user_sessions.last_seen_at"), StorageError);
    CHECK_THROWS_WITH_AS(sessions.find_with_user("hash-1"), doctest::Contains("(session s1)"),
                         StorageError);
    CHECK_THROWS_WITH_AS(sessions.find_by_token_hash("hash-1"), doctest::Contains("(session s1)"),
                         StorageError);
}

TEST_CASE_FIXTURE(StorageFixture, "the hot-path lookup leaves no statement on a row") {
    users.insert(make_user("u1", "a@example.com"));
    sessions.insert(make_session("s1", "u1", "hash-1"));
    REQUIRE(sessions.find_with_user("hash-1"));
    // A statement left on a row would keep this connection's read snapshot
    // open: the delete below would stay invisible to another statement of
    // the same connection.
    WorkerThread other;
    CHECK(other.run([&] { return sessions.remove_by_token_hash("hash-1"); }));
    CHECK_FALSE(sessions.find_by_token_hash("hash-1"));
}

namespace {

std::string column_of(SQLite::Database& db, const std::string& sql) {
    SQLite::Statement select(db, sql);
    return select.executeStep() && !select.getColumn(0).isNull() ? select.getColumn(0).getString()
                                                                 : "NULL";
}

}  // namespace

TEST_CASE("a session row's key is the first 64 bits of its token hash, signed") {
    CHECK(session_row_key("0000000000000001" + std::string(48, 'f')) == 1);
    CHECK(session_row_key("7fffffffffffffff" + std::string(48, '0')) == INT64_MAX);
    CHECK(session_row_key("8000000000000000" + std::string(48, '0')) == INT64_MIN);
    CHECK(session_row_key("ffffffffffffffff" + std::string(48, '0')) == -1);
    CHECK(session_row_key("FFFFFFFFFFFFFFFE") == -2);
    CHECK(session_row_key("hash-1") == 0);  // not hex: any key will do
}

TEST_CASE_FIXTURE(StorageFixture, "a session is stored at its key, found from it, listed by seq") {
    users.insert(make_user("u1", "a@example.com"));
    const std::string hash(64, 'c');
    REQUIRE(sessions.insert(make_session("s1", "u1", hash)));
    REQUIRE(sessions.insert(make_session("s2", "u1", std::string(64, 'd'))));
    auto& db = database.connection().handle();
    CHECK(column_of(db, "SELECT key FROM user_sessions WHERE id = 's1'") ==
          std::to_string(session_row_key(hash)));
    CHECK(column_of(db, "SELECT seq || ' ' || user_email FROM user_sessions WHERE id = 's2'") ==
          "2 a@example.com");
    const auto found = sessions.find_with_user(hash);
    REQUIRE(found);
    CHECK(found->session.id == "s1");
    CHECK(found->session.position == 1);
}

TEST_CASE_FIXTURE(StorageFixture, "two token hashes sharing their first 64 bits are each found") {
    users.insert(make_user("u1", "a@example.com"));
    users.insert(make_user("u2", "b@example.com"));
    const std::string shared_bits = "00000000000000ff";
    const std::string first = shared_bits + std::string(48, 'a');
    const std::string second = shared_bits + std::string(48, 'b');
    const std::string third = shared_bits + std::string(48, 'c');
    REQUIRE(sessions.insert(make_session("s1", "u1", first)));
    REQUIRE(sessions.insert(make_session("s2", "u2", second)));

    auto found = sessions.find_with_user(second);
    REQUIRE(found);
    CHECK(found->session.id == "s2");
    CHECK(found->user.id == "u2");
    found = sessions.find_with_user(first);
    REQUIRE(found);
    CHECK(found->user.id == "u1");
    CHECK_FALSE(sessions.find_with_user(third));

    sessions.touch(second, kNow + 300);
    CHECK(sessions.find_with_user(second)->session.last_seen_at == kNow + 300);
    CHECK(sessions.find_with_user(first)->session.last_seen_at == kNow);
    // The key's holder gone, a new session takes the key; the other stays found.
    CHECK(sessions.remove_by_token_hash(first));
    REQUIRE(sessions.insert(make_session("s3", "u1", third)));
    CHECK(sessions.find_with_user(third)->session.id == "s3");
    CHECK(sessions.find_with_user(second)->session.id == "s2");
    CHECK_FALSE(sessions.find_with_user(first));
}

TEST_CASE_FIXTURE(StorageFixture,
                  "a user deleted by hand with foreign keys off ends their sessions") {
    users.insert(make_user("u1", "a@example.com"));
    users.insert(make_user("u2", "b@example.com"));
    REQUIRE(sessions.insert(make_session("s1", "u1", "hash-1")));
    REQUIRE(sessions.insert(make_session("s2", "u2", "hash-2")));
    auto& db = database.connection().handle();
    // What sqlite3 does by default: no foreign keys, so no cascade.
    db.exec("PRAGMA foreign_keys=OFF");
    db.exec("DELETE FROM users WHERE id = 'u2'");
    db.exec("PRAGMA foreign_keys=ON");

    CHECK_FALSE(sessions.find_with_user("hash-2"));
    CHECK(column_of(db, "SELECT group_concat(id) FROM user_sessions") == "s1");
    CHECK(sessions.find_with_user("hash-1"));
}

TEST_CASE_FIXTURE(StorageFixture, "a session written by hand for no user is never found") {
    auto& db = database.connection().handle();
    db.exec("PRAGMA foreign_keys=OFF");
    db.exec(
        "INSERT INTO user_sessions (id, user_id, token_hash, created_at, updated_at) "
        "VALUES ('s1', 'ghost', 'hash-1', '2023-11-14 22:13:20', '2023-11-14 22:13:20')");
    db.exec("PRAGMA foreign_keys=ON");
    CHECK(column_of(db, "SELECT user_credential_version FROM user_sessions") == "NULL");
    CHECK_FALSE(sessions.find_with_user("hash-1"));
}

// The lookup reads the session row's copy of its user; whoever writes the
// users row (auth-api, the command line, sqlite3 by hand), the copy follows.
TEST_CASE_FIXTURE(StorageFixture, "a session's user is the users row as any writer left it") {
    users.insert(make_user("u1", "a@example.com"));
    users.insert(make_user("u2", "b@example.com"));
    REQUIRE(sessions.insert(make_session("s1", "u1", "hash-1")));
    REQUIRE(sessions.insert(make_session("s2", "u1", "hash-2")));
    auto& db = database.connection().handle();

    db.exec(
        "UPDATE users SET email = 'new@example.com', first_name = 'Ada', last_name = NULL, "
        "is_admin = 1, updated_at = '2024-05-06 07:08:09' WHERE id = 'u1'");
    for (const char* hash : {"hash-1", "hash-2"}) {
        CAPTURE(hash);
        const auto found = sessions.find_with_user(hash);
        REQUIRE(found);
        CHECK(found->user.id == "u1");
        CHECK(found->user.email == "new@example.com");
        CHECK(found->user.first_name == "Ada");
        CHECK_FALSE(found->user.last_name);
        CHECK(found->user.is_admin);
        CHECK(found->user.updated_at == 1714979289);
        CHECK(found->user.created_at == users.find_by_id("u1")->created_at);
        CHECK(found->user.password_hash.empty());
    }
    CHECK(sessions.find_with_user("hash-1")->user.email == users.find_by_id("u1")->email);

    // Moved to another user by hand: it is that user's session now.
    db.exec("UPDATE user_sessions SET user_id = 'u2' WHERE id = 's2'");
    auto moved = sessions.find_with_user("hash-2");
    REQUIRE(moved);
    CHECK(moved->user.id == "u2");
    CHECK(moved->user.email == "b@example.com");
    CHECK_FALSE(moved->user.is_admin);

    // A new credential version (a password change, by any process) voids them.
    db.exec("UPDATE users SET credential_version = credential_version + 1 WHERE id = 'u1'");
    CHECK_FALSE(sessions.find_with_user("hash-1"));
    CHECK(sessions.find_with_user("hash-2"));
}

TEST_CASE_FIXTURE(StorageFixture,
                  "a session written by hand is found and gets its position and user") {
    users.insert(make_user("u1", "a@example.com"));
    REQUIRE(sessions.insert(make_session("s1", "u1", std::string(64, 'a'))));
    auto& db = database.connection().handle();
    db.exec(
        "INSERT INTO user_sessions (id, user_id, token_hash, created_at, updated_at, "
        "last_seen_at) VALUES ('s2', 'u1', '" +
        std::string(64, 'b') +
        "', '2023-11-14 22:13:20', '2023-11-14 22:13:20', "
        "'2023-11-14 22:13:20')");
    CHECK(column_of(db, "SELECT seq || ' ' || user_email FROM user_sessions WHERE id = 's2'") ==
          "2 a@example.com");
    const auto found = sessions.find_with_user(std::string(64, 'b'));
    REQUIRE(found);
    CHECK(found->session.id == "s2");
    CHECK(found->user.id == "u1");
    std::vector<std::string> listed;
    sessions.for_each_of_user("u1",
                              [&](const UserSession& session) { listed.push_back(session.id); });
    CHECK(listed == std::vector<std::string>{"s1", "s2"});
}

}  // namespace authapi::test
