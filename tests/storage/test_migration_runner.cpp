#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "migration_runner.hpp"
#include "session_row_key.hpp"
#include "sqlite_database.hpp"
#include "sqlite_session_repository.hpp"
#include "storage_fixture.hpp"
#include "temp_directory.hpp"
#include "timestamp.hpp"
#include "user_repository.hpp"

namespace authapi::test {

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

}  // namespace

const std::vector<std::string> kAllMigrations{
    "0001_create_users",       "0002_create_user_sessions", "0003_session_metadata",
    "0004_credential_version", "0005_login_throttle",       "0006_email_key",
    "0007_user_admin",         "0008_session_lookup_keys",  "0009_session_user_copy"};

TEST_CASE("embedded migrations are ordered by their numeric prefix") {
    const std::vector<Migration>& migrations = embedded_migrations();
    REQUIRE(migrations.size() == kAllMigrations.size());
    CHECK(migrations[0].version == 1);
    CHECK(migrations[0].name == "0001_create_users");
    CHECK(migrations[0].sql.find("CREATE TABLE users") != std::string::npos);
    CHECK(migrations[1].version == 2);
    CHECK(migrations[1].name == "0002_create_user_sessions");
    CHECK(migrations[1].sql.find("CREATE TABLE user_sessions") != std::string::npos);
    CHECK(migrations[2].version == 3);
    CHECK(migrations[2].name == "0003_session_metadata");
    for (std::size_t i = 0; i < migrations.size(); ++i)
        CHECK(migrations[i].name == kAllMigrations[i]);
}

TEST_CASE("migrating an empty database applies everything and records it") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));

    const std::vector<std::string> applied = apply_migrations(database, embedded_migrations());

    CHECK(applied == kAllMigrations);
    CHECK(table_exists(database, "users"));
    CHECK(table_exists(database, "user_sessions"));
    const std::vector<Recorded> rows = recorded_migrations(database);
    REQUIRE(rows.size() == kAllMigrations.size());
    CHECK(rows[0].version == 1);
    CHECK(rows[0].name == "0001_create_users");
    CHECK(rows[1].version == 2);
    CHECK(rows[1].name == "0002_create_user_sessions");
    for (const Recorded& row : rows) {
        CHECK(parse_timestamp(row.applied_at).has_value());
    }
}

TEST_CASE("migrating again applies nothing, in the same process or after reopening") {
    TempDirectory directory;
    {
        SqliteDatabase database(directory.file("auth.db"));
        REQUIRE(apply_migrations(database, embedded_migrations()).size() == kAllMigrations.size());
        CHECK(apply_migrations(database, embedded_migrations()).empty());
    }
    SqliteDatabase reopened(directory.file("auth.db"));
    CHECK(apply_migrations(reopened, embedded_migrations()).empty());
    CHECK(recorded_migrations(reopened).size() == kAllMigrations.size());
}

TEST_CASE("only the pending migrations are applied") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    const std::vector<Migration> first{embedded_migrations()[0]};

    CHECK(apply_migrations(database, first) == std::vector<std::string>{"0001_create_users"});
    CHECK_FALSE(table_exists(database, "user_sessions"));
    CHECK(apply_migrations(database, embedded_migrations()) ==
          std::vector<std::string>(kAllMigrations.begin() + 1, kAllMigrations.end()));
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
    CHECK(first_outcome.applied.size() + second_outcome.applied.size() == kAllMigrations.size());
    SqliteDatabase database(path);
    CHECK(recorded_migrations(database).size() == kAllMigrations.size());
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

    CHECK(apply_migrations(database, embedded_migrations()) ==
          std::vector<std::string>(kAllMigrations.begin() + 2, kAllMigrations.end()));
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

    CHECK(apply_migrations(database, embedded_migrations()) ==
          std::vector<std::string>(kAllMigrations.begin() + 3, kAllMigrations.end()));
    SQLite::Statement row(db,
                          "SELECT u.credential_version, s.credential_version "
                          "FROM user_sessions s JOIN users u ON u.id = s.user_id");
    REQUIRE(row.executeStep());
    CHECK(row.getColumn(0).getInt() == 1);
    CHECK(row.getColumn(1).getInt() == 1);
    // The login throttle's table is PostgreSQL's only.
    CHECK_FALSE(table_exists(database, "login_throttle"));
}

TEST_CASE("a gap in the version numbers is fine, and a lower version that comes later is applied") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    const Migration first{1, "0001_a", "CREATE TABLE a (x INTEGER);"};
    const Migration third{3, "0003_c", "CREATE TABLE c (x INTEGER);"};
    const Migration second{2, "0002_b", "CREATE TABLE b (x INTEGER);"};

    CHECK(apply_migrations(database, {first, third}) ==
          std::vector<std::string>{"0001_a", "0003_c"});
    // A release that fills the gap: only the missing step runs.
    CHECK(apply_migrations(database, {first, second, third}) == std::vector<std::string>{"0002_b"});
    CHECK(table_exists(database, "b"));
    CHECK(recorded_migrations(database).size() == 3);
}

TEST_CASE("a step named in a migration runs between its SQL, in its transaction") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    const std::vector<Migration> migrations{
        {1, "0001_stepped",
         "CREATE TABLE t (x INTEGER);\n-- @step fill\nCREATE UNIQUE INDEX t_x ON t(x);\n"}};
    int refusals = 1;
    const SqliteMigrationSteps steps{{"fill", [&](SQLite::Database& connection) {
                                          // The SQL before the marker has run, the one
                                          // after it not yet.
                                          connection.exec("INSERT INTO t VALUES (1), (1)");
                                          if (refusals-- > 0)
                                              throw StorageError("two rows are the same");
                                          connection.exec("DELETE FROM t WHERE rowid = 2");
                                      }}};

    CHECK_THROWS_WITH_AS(apply_migrations(database, migrations, steps),
                         "migration 1 '0001_stepped': two rows are the same", StorageError);
    CHECK_FALSE(table_exists(database, "t"));
    CHECK(recorded_migrations(database).empty());

    CHECK(apply_migrations(database, migrations, steps) ==
          std::vector<std::string>{"0001_stepped"});
    CHECK_THROWS(database.connection().handle().exec("INSERT INTO t VALUES (1)"));  // the index
}

TEST_CASE("a migration naming a step this binary lacks is refused before anything is applied") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    const std::vector<Migration> migrations{
        {1, "0001_a", "CREATE TABLE a (x INTEGER);"},
        {2, "0002_b", "CREATE TABLE b (x INTEGER);\n-- @step nowhere\n"}};

    CHECK_THROWS_WITH_AS(apply_migrations(database, migrations, {}),
                         doctest::Contains("no step 'nowhere'"), StorageError);
    CHECK_FALSE(table_exists(database, "a"));
}

TEST_CASE("the email key migration keys existing users, or refuses colliding ones by name") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    const std::vector<Migration> before_keys(embedded_migrations().begin(),
                                             embedded_migrations().begin() + 3);
    apply_migrations(database, before_keys);
    auto& db = database.connection().handle();
    db.exec(
        "INSERT INTO users VALUES "
        "('u1', 'Bob@X.io', 'h', NULL, NULL, '2024-01-01 00:00:00', '2024-01-01 00:00:00'), "
        "('u2', 'ann@x.io', 'h', NULL, NULL, '2024-01-01 00:00:00', '2024-01-01 00:00:00'), "
        "('u3', ' bob@x.io', 'h', NULL, NULL, '2024-01-01 00:00:00', '2024-01-01 00:00:00')");

    try {
        apply_migrations(database, embedded_migrations());
        FAIL("colliding addresses were migrated");
    } catch (const StorageError& refusal) {
        const std::string message = refusal.what();
        CHECK(message.find("migration 6 '0006_email_key': 2 users") == 0);
        CHECK(message.find("'Bob@X.io' (id u1), ' bob@x.io' (id u3)") != std::string::npos);
        CHECK(message.find("u2") == std::string::npos);
        CHECK(message.find("Nothing was changed") != std::string::npos);
    }
    // The steps before it (0004, 0005) stand; 0006 is rolled back.
    CHECK(recorded_migrations(database).size() == 5);
    CHECK_THROWS(db.exec("SELECT email_key FROM users"));

    db.exec("UPDATE users SET email = 'bob.old@x.io' WHERE id = 'u3'");
    CHECK(apply_migrations(database, embedded_migrations()).size() == kAllMigrations.size() - 5);
    SQLite::Statement keys(db, "SELECT id, email, email_key FROM users ORDER BY rowid");
    std::vector<std::string> rows;
    while (keys.executeStep()) {
        rows.push_back(keys.getColumn(0).getString() + " " + keys.getColumn(1).getString() + " " +
                       keys.getColumn(2).getString());
    }
    CHECK(rows == std::vector<std::string>{"u1 Bob@X.io bob@x.io", "u2 ann@x.io ann@x.io",
                                           "u3 bob.old@x.io bob.old@x.io"});
}

}  // namespace authapi::test

namespace authapi::test {

namespace {

std::vector<std::string> rows_of(SQLite::Database& db, const std::string& sql) {
    std::vector<std::string> rows;
    SQLite::Statement select(db, sql);
    while (select.executeStep()) {
        std::string row;
        for (int i = 0; i < select.getColumnCount(); ++i) {
            row +=
                (i ? "|" : "") + (select.getColumn(i).isNull() ? std::string("NULL")
                                                               : select.getColumn(i).getString());
        }
        rows.push_back(row);
    }
    return rows;
}

// Migrates up to and including the `count`-th embedded migration; returns
// the names of those it applied.
std::vector<std::string> apply_first_migrations(SqliteDatabase& database, std::size_t count) {
    const std::vector<Migration> first(embedded_migrations().begin(),
                                       embedded_migrations().begin() + count);
    return apply_migrations(database, first);
}

// Every column of users from 0007 on, for rows written as they stood then.
constexpr const char* kInsertUsers =
    "INSERT INTO users (id, email, email_key, password_hash, first_name, last_name, "
    "created_at, updated_at, credential_version, is_admin) VALUES ";

}  // namespace

TEST_CASE("the session lookup keys migration keeps every user and live session, in order") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    apply_first_migrations(database, 7);
    auto& db = database.connection().handle();
    // u2 is deleted: the rowids have a gap, which seq keeps.
    db.exec(std::string(kInsertUsers) +
            "('u1', 'A@x.io', 'a@x.io', 'h1', 'Ann', NULL, '2024-01-01 00:00:00', "
            "'2024-01-02 00:00:00', 3, 1), "
            "('u2', 'b@x.io', 'b@x.io', 'h2', NULL, NULL, '2024-01-01 00:00:00', "
            "'2024-01-01 00:00:00', 1, 0), "
            "('u3', 'c@x.io', 'c@x.io', 'h3', NULL, 'Cole', '2024-01-01 00:00:00', "
            "'2024-01-01 00:00:00', 1, 0)");
    db.exec("DELETE FROM users WHERE id = 'u2'");
    const std::string shared_bits = "0123456789abcdef";
    const std::string first_hash = shared_bits + std::string(48, 'a');
    const std::string second_hash = shared_bits + std::string(48, 'b');
    // Same second, so only the rowid tells which came first; the third and
    // fourth hashes share their first 64 bits.
    db.exec(
        "INSERT INTO user_sessions (id, user_id, token_hash, created_at, updated_at, expires_at, "
        "last_seen_at, ip, user_agent, credential_version) VALUES "
        "('s1', 'u3', 'ffff', '2024-02-01 00:00:00', '2024-02-01 00:00:00', NULL, "
        "'2024-02-01 00:00:00', '10.0.0.1', 'curl/8', 1), "
        "('s2', 'u1', '" +
        first_hash +
        "', '2024-02-01 00:00:00', '2024-02-01 00:00:00', "
        "'2030-01-01 00:00:00', '2024-02-02 00:00:00', NULL, NULL, 3), "
        "('s3', 'u1', '" +
        second_hash +
        "', '2024-02-01 00:00:00', '2024-02-01 00:00:00', "
        "NULL, '2024-02-01 00:00:00', NULL, NULL, 3)");
    // A session whose user was deleted with foreign keys off: no request can use it.
    db.exec("PRAGMA foreign_keys=OFF");
    db.exec(
        "INSERT INTO user_sessions (id, user_id, token_hash, created_at, updated_at) VALUES "
        "('s4', 'gone', 'eeee', '2024-02-01 00:00:00', '2024-02-01 00:00:00')");
    db.exec("PRAGMA foreign_keys=ON");
    const std::string user_columns =
        "id, email, email_key, password_hash, first_name, last_name, created_at, updated_at, "
        "credential_version, is_admin";
    const std::string session_columns =
        "id, user_id, token_hash, created_at, updated_at, expires_at, last_seen_at, ip, "
        "user_agent, credential_version";
    const auto users_before =
        rows_of(db, "SELECT rowid, " + user_columns + " FROM users ORDER BY rowid");
    const auto sessions_before = rows_of(db, "SELECT rowid, " + session_columns +
                                                 " FROM user_sessions WHERE id <> 's4' "
                                                 "ORDER BY rowid");

    CHECK(apply_first_migrations(database, 8) ==
          std::vector<std::string>{"0008_session_lookup_keys"});

    CHECK(rows_of(db, "SELECT seq, " + user_columns + " FROM users ORDER BY seq") == users_before);
    CHECK(rows_of(db, "SELECT seq, " + session_columns + " FROM user_sessions ORDER BY seq") ==
          sessions_before);
    CHECK(rows_of(db, "SELECT id, user_seq FROM user_sessions ORDER BY seq") ==
          std::vector<std::string>{"s1|3", "s2|1", "s3|1"});
    // Each at its key but the later of the two sharing one.
    CHECK(rows_of(db, "SELECT key FROM user_sessions WHERE id = 's2'") ==
          std::vector<std::string>{std::to_string(session_row_key(first_hash))});
    CHECK(rows_of(db, "SELECT key <> " + std::to_string(session_row_key(second_hash)) +
                          " FROM user_sessions WHERE id = 's3'") == std::vector<std::string>{"1"});
    CHECK(rows_of(db, "PRAGMA foreign_keys") == std::vector<std::string>{"1"});
    CHECK(rows_of(db, "PRAGMA foreign_key_check").empty());

    REQUIRE(apply_migrations(database, embedded_migrations()).size() == kAllMigrations.size() - 8);
    SqliteSessionRepository sessions(database);
    for (const auto& [hash, user] : {std::pair<std::string, std::string>{"ffff", "u3"},
                                     {first_hash, "u1"},
                                     {second_hash, "u1"}}) {
        CAPTURE(hash);
        const auto found = sessions.find_with_user(hash);
        REQUIRE(found);
        CHECK(found->user.id == user);
        CHECK(found->session.token_hash == hash);
    }
    // Cascades still hold on the rebuilt tables.
    db.exec("DELETE FROM users WHERE id = 'u1'");
    CHECK(rows_of(db, "SELECT id FROM user_sessions") == std::vector<std::string>{"s1"});
}

TEST_CASE("the session user copy migration copies each user into their sessions, in key order") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    apply_first_migrations(database, 8);
    auto& db = database.connection().handle();
    db.exec(std::string(kInsertUsers) +
            "('u1', 'A@x.io', 'a@x.io', 'h1', 'Ann', NULL, '2024-01-01 00:00:00', "
            "'2024-01-02 00:00:00', 3, 1), "
            "('u2', 'b@x.io', 'b@x.io', 'h2', NULL, 'Bo', '2024-01-03 00:00:00', "
            "'2024-01-04 00:00:00', 1, 0)");
    db.exec(
        "INSERT INTO user_sessions (key, id, user_id, token_hash, created_at, updated_at, "
        "expires_at, last_seen_at, ip, user_agent, credential_version) VALUES "
        "(7, 's1', 'u2', 'ffff', '2024-02-01 00:00:00', '2024-02-01 00:00:00', NULL, "
        "'2024-02-01 00:00:00', '10.0.0.1', 'curl/8', 1), "
        "(-5, 's2', 'u1', 'eeee', '2024-02-01 00:00:00', '2024-02-01 00:00:00', "
        "'2030-01-01 00:00:00', '2024-02-02 00:00:00', NULL, NULL, 3), "
        "(NULL, 's3', 'u1', 'dddd', '2024-02-01 00:00:00', '2024-02-01 00:00:00', NULL, "
        "NULL, NULL, NULL, 2)");
    db.exec("PRAGMA foreign_keys=OFF");
    db.exec(
        "INSERT INTO user_sessions (id, user_id, token_hash, created_at, updated_at) VALUES "
        "('s4', 'gone', 'cccc', '2024-02-01 00:00:00', '2024-02-01 00:00:00')");
    db.exec("PRAGMA foreign_keys=ON");
    const std::string session_columns =
        "key, seq, id, user_id, token_hash, created_at, updated_at, expires_at, last_seen_at, "
        "ip, user_agent, credential_version";
    const auto sessions_before = rows_of(db, "SELECT " + session_columns +
                                                 " FROM user_sessions WHERE id <> 's4' "
                                                 "ORDER BY key");

    CHECK(apply_migrations(database, embedded_migrations()) ==
          std::vector<std::string>{"0009_session_user_copy"});

    CHECK(rows_of(db, "SELECT " + session_columns + " FROM user_sessions ORDER BY key") ==
          sessions_before);
    CHECK(rows_of(db,
                  "SELECT s.id FROM user_sessions s JOIN users u ON u.id = s.user_id "
                  "WHERE s.user_email IS u.email AND s.user_first_name IS u.first_name "
                  "AND s.user_last_name IS u.last_name AND s.user_created_at IS u.created_at "
                  "AND s.user_updated_at IS u.updated_at AND s.user_is_admin IS u.is_admin "
                  "AND s.user_credential_version IS u.credential_version ORDER BY s.seq") ==
          std::vector<std::string>{"s1", "s2", "s3"});
    CHECK(rows_of(db, "PRAGMA foreign_keys") == std::vector<std::string>{"1"});
    CHECK(rows_of(db, "PRAGMA foreign_key_check").empty());

    SqliteSessionRepository sessions(database);
    const auto found = sessions.find_with_user("eeee");
    REQUIRE(found);
    CHECK(found->user.email == "A@x.io");
    CHECK(found->user.first_name == "Ann");
    CHECK(found->user.is_admin);
    CHECK(found->user.credential_version == 3);
    CHECK(sessions.find_with_user("ffff")->user.last_name == "Bo");
    CHECK_FALSE(sessions.find_with_user("dddd"));  // an older credential version
    // The previous release's lookup (0008's join on user_seq) still finds a
    // session, old or new: an instance of it may run on the file until restarted.
    REQUIRE(sessions.insert(make_session("s5", "u2", "bbbb")));
    for (const char* hash : {"ffff", "bbbb"}) {
        CAPTURE(hash);
        SQLite::Statement previous(
            db,
            "SELECT s.id, u.email FROM user_sessions s JOIN users u ON u.seq = s.user_seq AND "
            "u.id = s.user_id WHERE s.key = coalesce((SELECT key FROM user_sessions WHERE key = "
            "?2 AND token_hash = ?1), (SELECT key FROM user_sessions WHERE token_hash = ?1)) AND "
            "s.credential_version = u.credential_version");
        previous.bind(1, hash);
        previous.bind(2, session_row_key(hash));
        REQUIRE(previous.executeStep());
        CHECK(previous.getColumn(1).getString() == "b@x.io");
    }
    // The triggers came with it: an update reaches the sessions, a delete ends them.
    db.exec("UPDATE users SET first_name = 'Bea' WHERE id = 'u2'");
    CHECK(sessions.find_with_user("ffff")->user.first_name == "Bea");
    db.exec("DELETE FROM users WHERE id = 'u1'");
    CHECK(rows_of(db, "SELECT id FROM user_sessions ORDER BY seq") ==
          std::vector<std::string>{"s1", "s5"});
}

TEST_CASE("a migration run with foreign keys off is refused if it breaks a reference") {
    TempDirectory directory;
    SqliteDatabase database(directory.file("auth.db"));
    auto& db = database.connection().handle();
    const std::vector<Migration> tables{
        {1, "0001_tables",
         "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
         "CREATE TABLE child (parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE);\n"
         "INSERT INTO parent VALUES (1), (2);\n"
         "INSERT INTO child VALUES (1), (2);\n"}};
    apply_migrations(database, tables);
    std::vector<Migration> migrations = tables;
    migrations.push_back(
        {2, "0002_drops_a_parent", "-- @foreign_keys off\nDELETE FROM parent WHERE id = 2;\n"});

    CHECK_THROWS_WITH_AS(
        apply_migrations(database, migrations),
        "migration 2 '0002_drops_a_parent': it would leave row 2 of child pointing at no row of "
        "parent",
        StorageError);
    // Rolled back, enforcement back on: the cascade (not the migration) removes a child.
    CHECK(rows_of(db, "SELECT count(*) FROM parent") == std::vector<std::string>{"2"});
    CHECK(rows_of(db, "PRAGMA foreign_keys") == std::vector<std::string>{"1"});
    db.exec("DELETE FROM parent WHERE id = 1");
    CHECK(rows_of(db, "SELECT parent_id FROM child") == std::vector<std::string>{"2"});

    migrations.back().sql =
        "-- @foreign_keys off\nDELETE FROM parent WHERE id = 2;\n"
        "DELETE FROM child WHERE parent_id = 2;\n";
    CHECK(apply_migrations(database, migrations) ==
          std::vector<std::string>{"0002_drops_a_parent"});
    CHECK(rows_of(db, "PRAGMA foreign_keys") == std::vector<std::string>{"1"});
}

}  // namespace authapi::test
