#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <thread>

#include "migration_runner.hpp"
#include "sqlite_database.hpp"
#include "sqlite_session_repository.hpp"
#include "sqlite_user_repository.hpp"
#include "storage_fixture.hpp"
#include "temp_directory.hpp"
#include "user_repository.hpp"
#include "worker_thread.hpp"

namespace authapi::test {

namespace {

struct Pragmas {
    std::string journal_mode;
    int synchronous;
    int foreign_keys;
    int busy_timeout;
};

Pragmas read_pragmas(SqliteDatabase& database) {
    SQLite::Database& handle = database.connection().handle();
    return {handle.execAndGet("PRAGMA journal_mode").getString(),
            handle.execAndGet("PRAGMA synchronous").getInt(),
            handle.execAndGet("PRAGMA foreign_keys").getInt(),
            handle.execAndGet("PRAGMA busy_timeout").getInt()};
}

// True while any statement of the connection sits on a row, i.e. holds a
// read transaction open.
bool has_busy_statement(SqliteDatabase& database) {
    sqlite3* handle = database.connection().handle().getHandle();
    for (sqlite3_stmt* statement = sqlite3_next_stmt(handle, nullptr); statement != nullptr;
         statement = sqlite3_next_stmt(handle, statement)) {
        if (sqlite3_stmt_busy(statement) != 0) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("every thread's connection is configured") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    WorkerThread other;

    for (const Pragmas& pragmas :
         {read_pragmas(database), other.run([&] { return read_pragmas(database); })}) {
        CHECK(pragmas.journal_mode == "wal");
        CHECK(pragmas.synchronous == 2);  // FULL
        CHECK(pragmas.foreign_keys == 1);
        CHECK(pragmas.busy_timeout == 5000);
    }
}

TEST_CASE("every thread's connection holds the pages it is given: cache, and map when asked") {
    TempDirectory directory;
    auto page_memory = [](SqliteDatabase& database) {
        SQLite::Database& handle = database.connection().handle();
        return std::to_string(handle.execAndGet("PRAGMA cache_size").getInt64()) + " " +
               std::to_string(handle.execAndGet("PRAGMA mmap_size").getInt64());
    };
    SqliteDatabase by_default(directory.file("default.db"));
    CHECK(page_memory(by_default) == "-2000 0");

    SqliteMemory memory;
    memory.cache_kib = 1024;
    memory.mmap_bytes = 8 << 20;
    SqliteDatabase mapped(directory.file("mapped.db"), memory);
    WorkerThread other;
    CHECK(page_memory(mapped) == "-1024 8388608");
    CHECK(other.run([&] { return page_memory(mapped); }) == "-1024 8388608");

    // Read through the map, the rows are the same.
    apply_migrations(mapped, embedded_migrations());
    SqliteUserRepository users(mapped);
    users.insert(make_user("u1", "a@example.com"));
    SqliteSessionRepository sessions(mapped);
    REQUIRE(sessions.insert(make_session("s1", "u1", std::string(64, 'a'))));
    const auto found = other.run([&] { return sessions.find_with_user(std::string(64, 'a')); });
    REQUIRE(found);
    CHECK(found->user.email == "a@example.com");
}

TEST_CASE("a thread keeps one connection; other threads get their own") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    WorkerThread other;

    SqliteConnection* mine = &database.connection();
    CHECK(&database.connection() == mine);
    SqliteConnection* theirs = other.run([&] { return &database.connection(); });
    CHECK(theirs != mine);
    CHECK(other.run([&] { return &database.connection(); }) == theirs);
    CHECK(database.open_connections() == 2);
}

TEST_CASE("two databases used by one thread do not share connections") {
    TempDirectory directory;
    SqliteDatabase first(directory.file("first.db"));
    SqliteDatabase second(directory.file("second.db"));

    CHECK(&first.connection() != &second.connection());
    CHECK(first.connection().handle().getFilename() != second.connection().handle().getFilename());
}

TEST_CASE("a thread's connection is closed when the thread exits") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    REQUIRE(database.open_connections() == 1);

    std::thread([&] { database.connection(); }).join();

    CHECK(database.open_connections() == 1);
}

TEST_CASE("destroying the database closes the connections of threads still running") {
    TempDirectory directory;
    const std::string path = directory.file("auth.db");
    WorkerThread other;
    {
        SqliteDatabase database(path);
        apply_migrations(database, embedded_migrations());
        other.run([&] { database.connection(); });
        REQUIRE(std::filesystem::exists(path + "-wal"));
    }
    // SQLite removes the WAL when its last connection closes.
    CHECK_FALSE(std::filesystem::exists(path + "-wal"));

    // The thread's cache must not hand out the closed connection to a new
    // database, even one that happens to live at the same address.
    SqliteDatabase reopened(path);
    CHECK(other.run([&] { return reopened.connection().handle().tableExists("users"); }));
    CHECK(reopened.open_connections() == 2);
}

TEST_CASE("an unusable path fails at construction, naming the path") {
    CHECK_THROWS_WITH_AS(SqliteDatabase("/nonexistent-directory/auth.db"),
                         doctest::Contains("/nonexistent-directory/auth.db"), StorageError);
}

TEST_CASE_FIXTURE(StorageFixture, "no statement is left on a row after a repository call") {
    users.insert(make_user("u1", "u1@example.com"));
    sessions.insert(make_session("s1", "u1", "hash-1"));

    CHECK(users.find_by_id("u1").has_value());
    CHECK_FALSE(has_busy_statement(database));
    CHECK(users.find_by_email("u1@example.com").has_value());
    CHECK_FALSE(has_busy_statement(database));
    CHECK(sessions.find_by_token_hash("hash-1").has_value());
    CHECK_FALSE(has_busy_statement(database));
    CHECK(users.count() == 1);
    CHECK_FALSE(has_busy_statement(database));
    CHECK_THROWS(users.for_each([](const User&) { throw std::runtime_error("stop"); }));
    CHECK_FALSE(has_busy_statement(database));
}

TEST_CASE_FIXTURE(StorageFixture, "the same query can run inside itself") {
    users.insert(make_user("u1", "u1@example.com"));
    users.insert(make_user("u2", "u2@example.com"));
    users.insert(make_user("u3", "u3@example.com"));

    int pairs = 0;
    users.for_each([&](const User&) { users.for_each([&](const User&) { ++pairs; }); });

    CHECK(pairs == 9);
    CHECK_FALSE(has_busy_statement(database));
}

TEST_CASE("a deleted database file is an error, never recreated; a replaced one is reopened") {
    StorageFixture fixture;
    fixture.users.insert(make_user("u1", "one@x.io"));
    const std::string copy = fixture.directory.file("copy.db");
    fixture.database.connection().handle().exec("VACUUM INTO '" + copy + "'");
    fixture.users.insert(make_user("u2", "two@x.io"));

    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(fixture.path() + suffix);
    }
    CHECK_THROWS_AS(fixture.users.count(), StorageError);
    // From a thread that never had a connection, too: no empty file appears.
    WorkerThread worker;
    CHECK_THROWS_AS(worker.run([&] { return fixture.users.count(); }), StorageError);
    CHECK_FALSE(std::filesystem::exists(fixture.path()));

    std::filesystem::rename(copy, fixture.path());
    CHECK(fixture.users.count() == 1);  // the backup's content, not the deleted file's
    CHECK(worker.run([&] { return fixture.users.count(); }) == 1);
    fixture.users.insert(make_user("u3", "three@x.io"));
    CHECK(fixture.users.count() == 2);
}

}  // namespace authapi::test
