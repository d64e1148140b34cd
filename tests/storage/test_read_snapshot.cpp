// The hot lookups (find_with_user, users by id or email) may keep their
// connection's read transaction open between calls, on a thread that ends it
// when idle (end_thread_snapshot). They must answer exactly as a fresh
// transaction would: whatever any connection commits is seen by the next one.
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <string>

#include "sqlite_session_repository.hpp"
#include "sqlite_user_repository.hpp"
#include "storage_fixture.hpp"
#include "worker_thread.hpp"
#include "write_transaction.hpp"

namespace authapi::test {

TEST_CASE_FIXTURE(StorageFixture, "a kept read snapshot never hides a commit") {
    database.end_thread_snapshot();  // this thread ends its snapshots when idle
    users.insert(make_user("u1", "a@example.com"));
    sessions.insert(make_session("s1", "u1", "hash-1"));
    REQUIRE(sessions.find_with_user("hash-1"));
    REQUIRE(sessions.find_with_user("hash-1"));
    CHECK(database.holds_thread_snapshot());

    SUBCASE("a delete on another connection of this process") {
        WorkerThread other;
        CHECK(other.run([&] { return sessions.remove_by_token_hash("hash-1"); }));
        CHECK_FALSE(sessions.find_with_user("hash-1"));
    }
    SUBCASE("a delete through another handle on the file, as another process") {
        SqliteDatabase elsewhere(path());
        CHECK(SqliteSessionRepository(elsewhere).remove_by_token_hash("hash-1"));
        CHECK_FALSE(sessions.find_with_user("hash-1"));
    }
    SUBCASE("an insert and a password change elsewhere") {
        SqliteDatabase elsewhere(path());
        SqliteSessionRepository(elsewhere).insert(make_session("s2", "u1", "hash-2"));
        CHECK(sessions.find_with_user("hash-2"));
        elsewhere.connection().handle().exec(
            "UPDATE users SET credential_version = credential_version + 1 WHERE id = 'u1'");
        CHECK_FALSE(sessions.find_with_user("hash-1"));
        CHECK_FALSE(sessions.find_with_user("hash-2"));
    }
    SUBCASE("a write on this thread's own connection ends the snapshot first") {
        CHECK(sessions.remove_by_token_hash("hash-1"));
        CHECK_FALSE(database.holds_thread_snapshot());
        CHECK_FALSE(sessions.find_with_user("hash-1"));
    }
}

TEST_CASE_FIXTURE(StorageFixture, "many commits interleaved with kept-snapshot lookups") {
    database.end_thread_snapshot();  // this thread ends its snapshots when idle
    users.insert(make_user("u1", "a@example.com"));
    SqliteDatabase elsewhere(path());
    SqliteSessionRepository other(elsewhere);
    for (int i = 0; i < 300; ++i) {
        const std::string hash = "hash-" + std::to_string(i);
        CHECK_FALSE(sessions.find_with_user(hash));
        other.insert(make_session("s" + std::to_string(i), "u1", hash));
        CHECK(sessions.find_with_user(hash));
        CHECK(sessions.find_with_user(hash));
        other.remove_by_token_hash(hash);
        CHECK_FALSE(sessions.find_with_user(hash));
    }
}

TEST_CASE_FIXTURE(StorageFixture, "user lookups keep a snapshot too, and see every commit") {
    database.end_thread_snapshot();  // this thread ends its snapshots when idle
    users.insert(make_user("u1", "a@example.com"));
    REQUIRE(users.find_by_email("a@example.com"));
    REQUIRE(users.find_by_id("u1"));
    CHECK(database.holds_thread_snapshot());

    SqliteDatabase elsewhere(path());
    elsewhere.connection().handle().exec(
        "UPDATE users SET email = 'b@example.com', email_key = "
        "'b@example.com' WHERE id = 'u1'");
    CHECK_FALSE(users.find_by_email("a@example.com"));
    CHECK(users.find_by_email("b@example.com"));
    SqliteUserRepository(elsewhere).remove("u1");
    CHECK_FALSE(users.find_by_id("u1"));
}

TEST_CASE_FIXTURE(StorageFixture, "a lookup inside a visitor or a transaction runs in theirs") {
    database.end_thread_snapshot();  // this thread ends its snapshots when idle
    users.insert(make_user("u1", "a@example.com"));
    users.insert(make_user("u2", "b@example.com"));
    int found = 0;
    users.for_each([&](const User& user) {
        if (users.find_by_id(user.id)) ++found;
        CHECK_FALSE(database.holds_thread_snapshot());
    });
    CHECK(found == 2);

    WriteTransaction transaction(database);
    users.insert(make_user("u3", "c@example.com"));
    CHECK(users.find_by_id("u3"));  // its own uncommitted write
    CHECK_FALSE(database.holds_thread_snapshot());
    transaction.commit();
    CHECK(users.find_by_id("u3"));
}

TEST_CASE_FIXTURE(StorageFixture, "a thread that never ends snapshots never keeps one") {
    users.insert(make_user("u1", "a@example.com"));
    sessions.insert(make_session("s1", "u1", "hash-1"));
    WorkerThread hashing;
    CHECK(hashing.run([&] {
        const bool found = sessions.find_with_user("hash-1") && users.find_by_id("u1");
        return found && !database.holds_thread_snapshot();
    }));
    database.end_thread_snapshot();
    REQUIRE(sessions.find_with_user("hash-1"));
    CHECK(database.holds_thread_snapshot());
}

namespace {

struct Checkpoint {
    int wal_frames = 0;
    int copied_frames = 0;
};

Checkpoint passive_checkpoint(SqliteDatabase& database) {
    SQLite::Statement checkpoint(database.connection().handle(), "PRAGMA wal_checkpoint(PASSIVE)");
    REQUIRE(checkpoint.executeStep());
    return {checkpoint.getColumn(1).getInt(), checkpoint.getColumn(2).getInt()};
}

}  // namespace

TEST_CASE_FIXTURE(StorageFixture, "a kept snapshot holds checkpoints back only until it ends") {
    database.end_thread_snapshot();  // this thread ends its snapshots when idle
    users.insert(make_user("u1", "a@example.com"));
    sessions.insert(make_session("s1", "u1", "hash-1"));
    REQUIRE(sessions.find_with_user("hash-1"));
    REQUIRE(database.holds_thread_snapshot());

    WorkerThread writer;
    writer.run([&] {
        for (int i = 2; i < 6; ++i) {
            sessions.insert(make_session("s" + std::to_string(i), "u1", "h" + std::to_string(i)));
        }
    });
    const Checkpoint held = writer.run([&] { return passive_checkpoint(database); });
    CHECK(held.copied_frames < held.wal_frames);

    database.end_thread_snapshot();
    CHECK_FALSE(database.holds_thread_snapshot());
    const Checkpoint released = writer.run([&] { return passive_checkpoint(database); });
    CHECK(released.copied_frames == released.wal_frames);
}

}  // namespace authapi::test
