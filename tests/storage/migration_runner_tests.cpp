#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "migration_runner.hpp"
#include "sqlite_database.hpp"
#include "temp_directory.hpp"
#include "timestamp.hpp"
#include "user_repository.hpp"

using authapi::apply_migrations;
using authapi::embedded_migrations;
using authapi::Migration;
using authapi::SqliteDatabase;
using authapi::StorageError;
using authapi::test::TempDirectory;

namespace {

bool table_exists(SqliteDatabase& database, const std::string& name) {
    return database.connection().handle().tableExists(name);
}

struct Recorded {
    int version;
    std::string name;
    std::string applied_at;
};

std::vector<Recorded> recorded_migrations(SqliteDatabase& database) {
    std::vector<Recorded> rows;
    SQLite::Statement select(database.connection().handle(),
                             "SELECT version, name, applied_at FROM schema_migrations "
                             "ORDER BY version");
    while (select.executeStep()) {
        rows.push_back({select.getColumn(0).getInt(), select.getColumn(1).getString(),
                        select.getColumn(2).getString()});
    }
    return rows;
}

// The names of the embedded migrations from the `first`th on.
std::vector<std::string> names_from(std::size_t first) {
    std::vector<std::string> names;
    const auto& all = embedded_migrations();
    for (std::size_t i = first; i < all.size(); ++i) names.push_back(all[i].name);
    return names;
}

}  // namespace

TEST_CASE("embedded migrations are ordered by their numeric prefix") {
    const std::vector<Migration>& migrations = embedded_migrations();
    REQUIRE(migrations.size() >= 5);
    for (std::size_t i = 1; i < migrations.size(); ++i) {
        CHECK(migrations[i - 1].version < migrations[i].version);
    }
    CHECK(migrations[0].version == 1);
    CHECK(migrations[0].name == "0001_create_users");
    CHECK(migrations[0].sql.find("CREATE TABLE users") != std::string::npos);
    CHECK(migrations[1].version == 2);
    CHECK(migrations[1].name == "0002_create_user_sessions");
    CHECK(migrations[1].sql.find("CREATE TABLE user_sessions") != std::string::npos);
    CHECK(migrations[2].version == 3);
    CHECK(migrations[2].name == "0003_session_metadata");
    CHECK(migrations[3].name == "0004_credential_version");
    CHECK(migrations[4].name == "0005_login_throttle");
}

TEST_CASE("migrating an empty database applies everything and records it") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));

    const std::vector<std::string> applied = apply_migrations(database, embedded_migrations());

    CHECK(applied == names_from(0));
    CHECK(table_exists(database, "users"));
    CHECK(table_exists(database, "user_sessions"));
    const std::vector<Recorded> rows = recorded_migrations(database);
    REQUIRE(rows.size() == embedded_migrations().size());
    CHECK(rows[0].version == 1);
    CHECK(rows[0].name == "0001_create_users");
    CHECK(rows[1].version == 2);
    CHECK(rows[1].name == "0002_create_user_sessions");
    for (const Recorded& row : rows) {
        CHECK(authapi::parse_timestamp(row.applied_at).has_value());
    }
}

TEST_CASE("migrating again applies nothing, in the same process or after reopening") {
    TempDirectory directory;
    {
        SqliteDatabase database(directory.file("auth.db"));
        REQUIRE(apply_migrations(database, embedded_migrations()).size() ==
                embedded_migrations().size());
        CHECK(apply_migrations(database, embedded_migrations()).empty());
    }
    SqliteDatabase reopened(directory.file("auth.db"));
    CHECK(apply_migrations(reopened, embedded_migrations()).empty());
    CHECK(recorded_migrations(reopened).size() == embedded_migrations().size());
}

TEST_CASE("only the pending migrations are applied") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    const std::vector<Migration> first{embedded_migrations()[0]};

    CHECK(apply_migrations(database, first) == std::vector<std::string>{"0001_create_users"});
    CHECK_FALSE(table_exists(database, "user_sessions"));
    CHECK(apply_migrations(database, embedded_migrations()) == names_from(1));
}

TEST_CASE("a database migrated by a newer binary is refused") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    apply_migrations(database, embedded_migrations());
    database.connection().handle().exec(
        "INSERT INTO schema_migrations (version, name, applied_at) "
        "VALUES (9999, '9999_from_the_future', datetime('now'))");

    CHECK_THROWS_WITH_AS(apply_migrations(database, embedded_migrations()),
                         doctest::Contains("schema version 9999"), StorageError);
}

TEST_CASE("a newer database is refused even by a binary with no migrations") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    apply_migrations(database, embedded_migrations());

    CHECK_THROWS_AS(apply_migrations(database, {}), StorageError);
}

TEST_CASE("a failing migration is rolled back with its record, earlier ones stay") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    const std::vector<Migration> migrations{
        {1, "0001_good", "CREATE TABLE good (x INTEGER);"},
        {2, "0002_bad", "CREATE TABLE half_done (x INTEGER); CREATE TABLE oops ("},
    };

    CHECK_THROWS_WITH_AS(apply_migrations(database, migrations),
                         doctest::Contains("migration 2 '0002_bad'"), StorageError);

    CHECK(table_exists(database, "good"));
    CHECK_FALSE(table_exists(database, "half_done"));
    const std::vector<Recorded> rows = recorded_migrations(database);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].name == "0001_good");
}

TEST_CASE("migrations are applied in version order whatever order they are given in") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    const std::vector<Migration> migrations{
        {2, "0002_child", "CREATE TABLE child (id INTEGER REFERENCES parent(id));"},
        {1, "0001_parent", "CREATE TABLE parent (id INTEGER PRIMARY KEY);"},
    };

    CHECK(apply_migrations(database, migrations) ==
          std::vector<std::string>{"0001_parent", "0002_child"});
}

TEST_CASE("a repeated version is refused before anything is applied") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    const std::vector<Migration> migrations{
        {1, "0001_a", "CREATE TABLE a (x INTEGER);"},
        {1, "0001_b", "CREATE TABLE b (x INTEGER);"},
    };

    CHECK_THROWS_AS(apply_migrations(database, migrations), StorageError);
    CHECK_FALSE(table_exists(database, "a"));
    CHECK_FALSE(table_exists(database, "b"));
}

TEST_CASE("two processes migrating the same file at once apply each migration once") {
    // Two SqliteDatabase objects share no mutex, like two processes: only
    // BEGIN IMMEDIATE keeps them from both applying.
    TempDirectory directory;
    const std::string path = directory.file("auth.db");
    struct Outcome {
        std::vector<std::string> applied;
        std::string failure;
    };
    Outcome first_outcome;
    Outcome second_outcome;
    auto migrate = [&path](Outcome& outcome) {
        try {
            SqliteDatabase database(path);
            outcome.applied = apply_migrations(database, embedded_migrations());
        } catch (const std::exception& error) {
            outcome.failure = error.what();
        }
    };

    std::thread first(migrate, std::ref(first_outcome));
    std::thread second(migrate, std::ref(second_outcome));
    first.join();
    second.join();

    CHECK(first_outcome.failure == "");
    CHECK(second_outcome.failure == "");
    CHECK(first_outcome.applied.size() + second_outcome.applied.size() ==
          embedded_migrations().size());
    SqliteDatabase database(path);
    CHECK(recorded_migrations(database).size() == embedded_migrations().size());
}

TEST_CASE("the session metadata migration keeps the users and sessions already there") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    const std::vector<Migration> first_two{embedded_migrations()[0], embedded_migrations()[1]};
    apply_migrations(database, first_two);
    auto& db = database.connection().handle();
    db.exec(
        "INSERT INTO users VALUES ('u1', 'a@b.c', 'h', NULL, NULL, '2024-01-01 00:00:00', "
        "'2024-01-01 00:00:00')");
    db.exec(
        "INSERT INTO user_sessions VALUES ('s1', 'u1', 'th', '2024-01-02 00:00:00', "
        "'2024-01-03 00:00:00', NULL)");

    CHECK(apply_migrations(database, embedded_migrations()) == names_from(2));
    SQLite::Statement row(db,
                          "SELECT u.email, s.id, s.created_at, s.last_seen_at, s.ip, s.user_agent "
                          "FROM user_sessions s JOIN users u ON u.id = s.user_id");
    REQUIRE(row.executeStep());
    CHECK(row.getColumn(0).getString() == "a@b.c");
    CHECK(row.getColumn(1).getString() == "s1");
    CHECK(row.getColumn(2).getString() == "2024-01-02 00:00:00");
    CHECK(row.getColumn(3).getString() == "2024-01-03 00:00:00");  // from updated_at
    CHECK(row.getColumn(4).isNull());
    CHECK(row.getColumn(5).isNull());
}

TEST_CASE("the credential version migration puts every user and session at version 1") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    const std::vector<Migration> first_three{embedded_migrations()[0], embedded_migrations()[1],
                                             embedded_migrations()[2]};
    apply_migrations(database, first_three);
    auto& db = database.connection().handle();
    db.exec(
        "INSERT INTO users VALUES ('u1', 'a@b.c', 'h', NULL, NULL, '2024-01-01 00:00:00', "
        "'2024-01-01 00:00:00')");
    db.exec(
        "INSERT INTO user_sessions (id, user_id, token_hash, created_at, updated_at, "
        "last_seen_at) VALUES ('s1', 'u1', 'th', '2024-01-02 00:00:00', '2024-01-02 00:00:00', "
        "'2024-01-02 00:00:00')");

    CHECK(apply_migrations(database, embedded_migrations()) == names_from(3));
    SQLite::Statement row(db,
                          "SELECT u.credential_version, s.credential_version "
                          "FROM user_sessions s JOIN users u ON u.id = s.user_id");
    REQUIRE(row.executeStep());
    CHECK(row.getColumn(0).getInt() == 1);
    CHECK(row.getColumn(1).getInt() == 1);
    // The login throttle's table is PostgreSQL's only.
    CHECK_FALSE(table_exists(database, "login_throttle"));
}
