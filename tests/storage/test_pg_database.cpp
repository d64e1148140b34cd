// What only the PostgreSQL backend has to prove: migrations under concurrent
// startup, reconnection, paging, and text PostgreSQL cannot hold.
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "pg_migration_runner.hpp"
#include "pg_test_database.hpp"
#include "storage_fixture.hpp"

namespace authapi::test {

namespace {

void exec(const std::string& url, const std::string& sql) {
    pqxx::connection connection(url);
    pqxx::nontransaction(connection).exec(sql);
}

std::vector<int> recorded_versions(const std::string& url) {
    pqxx::connection connection(url);
    std::vector<int> versions;
    for (const auto& row : pqxx::nontransaction(connection)
                               .exec("SELECT version FROM schema_migrations ORDER BY version")) {
        versions.push_back(row[0].as<int>());
    }
    return versions;
}

}  // namespace

TEST_CASE("postgresql: instances starting at once apply each migration once") {
    if (skip_postgres()) return;
    PgTestSchema schema;
    constexpr int kInstances = 4;
    std::vector<std::vector<std::string>> applied(kInstances);
    std::vector<std::string> errors(kInstances);
    std::vector<std::thread> instances;
    for (int i = 0; i < kInstances; ++i) {
        instances.emplace_back([&, i] {
            try {
                PgDatabase database(schema.url());
                applied[i] =
                    apply_postgresql_migrations(database, embedded_postgresql_migrations());
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        });
    }
    for (auto& instance : instances) instance.join();

    std::size_t total = 0;
    for (int i = 0; i < kInstances; ++i) {
        CHECK(errors[i] == "");
        total += applied[i].size();
    }
    CHECK(total == embedded_postgresql_migrations().size());
    std::vector<int> expected;
    for (const auto& migration : embedded_postgresql_migrations()) {
        expected.push_back(migration.version);
    }
    CHECK(recorded_versions(schema.url()) == expected);
}

TEST_CASE("postgresql: both schemas have the same migration versions and names") {
    const auto& sqlite = embedded_migrations();
    const auto& postgresql = embedded_postgresql_migrations();
    REQUIRE(sqlite.size() == postgresql.size());
    for (std::size_t i = 0; i < sqlite.size(); ++i) {
        CHECK(sqlite[i].version == postgresql[i].version);
        CHECK(sqlite[i].name == postgresql[i].name);
    }
}

TEST_CASE("postgresql: a dropped connection fails one operation, the next reconnects") {
    if (skip_postgres()) return;
    PgStores stores;
    stores.users.insert(make_user("u1", "a@example.com"));

    // What a server restart does to every open connection.
    exec(stores.schema.url(),
         "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
         "WHERE datname = current_database() AND pid <> pg_backend_pid()");

    CHECK_THROWS_AS(stores.users.count(), StorageError);
    CHECK(stores.users.count() == 1);
    CHECK(stores.users.find_by_id("u1"));
}

TEST_CASE("postgresql: a server that cannot be reached fails fast with a StorageError") {
    // Nothing listens on this socket directory.
    CHECK_THROWS_AS(PgDatabase("postgresql:///authapi?host=/nonexistent&connect_timeout=2"),
                    StorageError);
}

TEST_CASE("postgresql: listing pages through many users, in creation order, once each") {
    if (skip_postgres()) return;
    PgStores stores;
    // More than one page (500), inserted in one statement for speed; ids
    // descend so that ordering by id would show.
    exec(stores.schema.url(),
         "INSERT INTO users (id, email, email_key, password_hash, created_at, updated_at) "
         "SELECT 'id-' || lpad((2000 - n)::text, 5, '0'), 'u' || n || '@example.com', "
         "'u' || n || '@example.com', 'h', '2024-01-01 00:00:00', '2024-01-01 00:00:00' "
         "FROM generate_series(1, 1203) AS n");

    std::vector<std::string> ids;
    stores.users.for_each([&](const User& user) { ids.push_back(user.id); });

    REQUIRE(ids.size() == 1203);
    CHECK(ids.front() == "id-01999");
    CHECK(ids.back() == "id-00797");
    bool descending = true;
    for (std::size_t i = 1; i < ids.size(); ++i) descending = descending && ids[i - 1] > ids[i];
    CHECK(descending);
}

TEST_CASE("postgresql: text it cannot hold is refused, never stored altered") {
    if (skip_postgres()) return;
    PgStores stores;
    User user = make_user("u1", std::string("a\0b@example.com", 15));
    CHECK_THROWS_AS(stores.users.insert(user), UnstorableText);
    CHECK(stores.users.count() == 0);

    stores.users.insert(make_user("u1", "a@example.com"));
    User renamed = *stores.users.find_by_id("u1");
    renamed.first_name = std::string("Bo\0b", 4);
    CHECK_THROWS_AS(stores.users.update(renamed), UnstorableText);
    CHECK(stores.users.find_by_id("u1")->first_name == "First u1");
    CHECK_THROWS_AS(stores.users.insert(make_user("u2", "\xff\xfe@example.com")), UnstorableText);
    // Lookups with such text find nothing instead of failing.
    CHECK_FALSE(stores.users.find_by_id(std::string("u1\0x", 4)));
    CHECK_FALSE(stores.users.find_by_email("\xff\xfe@example.com"));
    CHECK_FALSE(stores.users.remove("\xc3\x28"));
    CHECK(stores.users.count() == 1);
}

}  // namespace authapi::test
