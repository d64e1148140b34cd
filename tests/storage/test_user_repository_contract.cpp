// The behaviours every UserRepository must share, run against SQLite and,
// when a server is configured, PostgreSQL.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "pg_test_database.hpp"
#include "storage_fixture.hpp"
#include "user_repository.hpp"

namespace authapi::test {

namespace {

void check_same(const User& actual, const User& expected) {
    CHECK(actual.id == expected.id);
    CHECK(actual.email == expected.email);
    CHECK(actual.password_hash == expected.password_hash);
    CHECK(actual.first_name == expected.first_name);
    CHECK(actual.last_name == expected.last_name);
    CHECK(actual.created_at == expected.created_at);
    CHECK(actual.updated_at == expected.updated_at);
    CHECK(actual.credential_version == expected.credential_version);
    CHECK(actual.is_admin == expected.is_admin);
}

struct SqliteStore {
    static bool skip() { return false; }
    void exec(const std::string& sql) { storage.database.connection().handle().exec(sql); }

    StorageFixture storage;
    UserRepository& users = storage.users;
    SessionRepository& sessions = storage.sessions;
};

struct PgStore {
    static bool skip() { return skip_postgres(); }
    void exec(const std::string& sql) {
        pqxx::connection connection(stores.schema.url());
        pqxx::nontransaction(connection).exec(sql);
    }

    PgStores stores;
    UserRepository& users = stores.users;
    SessionRepository& sessions = stores.sessions;
};

// Each case opens with it: `users` and `sessions` of a fresh, migrated store.
#define OPEN_STORE()                 \
    if (Store::skip()) return;       \
    Store store;                     \
    auto& users = store.users;       \
    auto& sessions = store.sessions; \
    (void)sessions

std::vector<std::string> ids_in_listing_order(UserRepository& users) {
    std::vector<std::string> ids;
    users.for_each([&](const User& user) { ids.push_back(user.id); });
    return ids;
}

}  // namespace

TEST_CASE_TEMPLATE("an inserted user is found by id and by email", Store, SqliteStore, PgStore) {
    OPEN_STORE();
    User user = make_user("3f1c0a8e-0000-4000-8000-000000000001", "bob@example.com");
    user.first_name = "Bob";
    user.last_name = "Dylan";
    user.updated_at = kNow + 5;
    users.insert(user);

    const auto by_id = users.find_by_id(user.id);
    REQUIRE(by_id);
    check_same(*by_id, user);
    const auto by_email = users.find_by_email("bob@example.com");
    REQUIRE(by_email);
    check_same(*by_email, user);
}

TEST_CASE_TEMPLATE("absent names stay absent, empty names stay empty", Store, SqliteStore,
                   PgStore) {
    OPEN_STORE();
    User nameless = make_user("u1", "a@example.com");
    nameless.first_name = std::nullopt;
    nameless.last_name = std::nullopt;
    User blank = make_user("u2", "b@example.com");
    blank.first_name = "";
    blank.last_name = "";
    users.insert(nameless);
    users.insert(blank);

    check_same(*users.find_by_id("u1"), nameless);
    check_same(*users.find_by_id("u2"), blank);
}

TEST_CASE_TEMPLATE("unknown users are not found", Store, SqliteStore, PgStore) {
    OPEN_STORE();
    users.insert(make_user("u1", "a@example.com"));

    CHECK_FALSE(users.find_by_id("nope"));
    CHECK_FALSE(users.find_by_email("nope@example.com"));
    CHECK_FALSE(users.find_by_email("a@example.co"));
    CHECK_FALSE(users.find_by_email(std::string("a@example.com\0", 14)));
}

TEST_CASE_TEMPLATE("a second user with the same email is refused", Store, SqliteStore, PgStore) {
    OPEN_STORE();
    users.insert(make_user("u1", "same@example.com"));

    CHECK_THROWS_AS(users.insert(make_user("u2", "same@example.com")), EmailAlreadyExists);
    CHECK(users.count() == 1);
    // The failed statement must not poison the next use of it.
    users.insert(make_user("u2", "other@example.com"));
    CHECK(users.count() == 2);
}

TEST_CASE_TEMPLATE("emails differing only in ASCII case or surrounding spaces are one account",
                   Store, SqliteStore, PgStore) {
    OPEN_STORE();
    users.insert(make_user("u1", "Case@Example.com"));

    CHECK_THROWS_AS(users.insert(make_user("u2", "case@example.com")), EmailAlreadyExists);
    CHECK_THROWS_AS(users.insert(make_user("u3", " CASE@EXAMPLE.COM\t")), EmailAlreadyExists);
    CHECK(users.count() == 1);
    // Found whichever way it is typed, and kept as it was typed.
    for (const char* typed : {"case@example.com", "CASE@example.COM", "  Case@Example.com "}) {
        const auto found = users.find_by_email(typed);
        REQUIRE(found);
        CHECK(found->id == "u1");
        CHECK(found->email == "Case@Example.com");
    }
    // Only ASCII letters fold: these are other addresses.
    users.insert(make_user("u4", "\xc3\x89t\xc3\xa9@example.com"));  // Été
    users.insert(make_user("u5", "\xc3\xa9t\xc3\xa9@example.com"));  // été
    CHECK(users.count() == 3);
}

TEST_CASE_TEMPLATE("set_admin writes is_admin only, and reports an unknown id", Store, SqliteStore,
                   PgStore) {
    OPEN_STORE();
    User user = make_user("u1", "a@example.com");
    users.insert(user);
    CHECK_FALSE(users.find_by_id("u1")->is_admin);

    CHECK(users.set_admin("u1", true));
    user.is_admin = true;
    check_same(*users.find_by_id("u1"), user);
    // A later update of names and hash leaves it alone.
    user.first_name = "Ann";
    user.password_hash = "other";
    CHECK(users.update(user));
    CHECK(users.find_by_email("a@example.com")->is_admin);
    CHECK(users.set_admin("u1", false));
    CHECK_FALSE(users.find_by_id("u1")->is_admin);
    CHECK_FALSE(users.set_admin("nobody", true));

    User admin = make_user("u2", "b@example.com");
    admin.is_admin = true;
    users.insert(admin);
    check_same(*users.find_by_id("u2"), admin);
}

TEST_CASE_TEMPLATE("a repeated id is a storage error, not a taken email", Store, SqliteStore,
                   PgStore) {
    OPEN_STORE();
    users.insert(make_user("u1", "a@example.com"));

    CHECK_THROWS_WITH_AS(users.insert(make_user("u1", "b@example.com")),
                         doctest::Contains("insert user u1"), StorageError);
}

TEST_CASE_TEMPLATE("update writes names and updated_at only", Store, SqliteStore, PgStore) {
    OPEN_STORE();
    const User original = make_user("u1", "a@example.com");
    users.insert(original);
    User changed = original;
    changed.email = "ignored@example.com";
    changed.password_hash = "$argon2id$new";
    changed.first_name = std::nullopt;
    changed.last_name = "Last";
    changed.created_at = kNow + 100;
    changed.updated_at = kNow + 60;

    CHECK(users.update(changed));

    User expected = changed;
    expected.email = original.email;
    expected.password_hash = original.password_hash;  // a password changes only one way
    expected.created_at = original.created_at;
    check_same(*users.find_by_id("u1"), expected);
}

TEST_CASE_TEMPLATE("replace_password stores over the checked credential only, and ends sessions",
                   Store, SqliteStore, PgStore) {
    OPEN_STORE();
    users.insert(make_user("u1", "a@example.com"));
    users.insert(make_user("u2", "b@example.com"));
    sessions.insert(make_session("mine", "u1", "hash-mine"));
    sessions.insert(make_session("other", "u1", "hash-other"));
    sessions.insert(make_session("theirs", "u2", "hash-theirs"));

    const auto done =
        users.replace_password({"u1", 1, "$argon2id$new", kNow + 60, std::string("hash-mine")});
    REQUIRE(done);
    CHECK(done->credential_version == 2);
    CHECK(done->sessions_ended == 1);
    const User stored = *users.find_by_id("u1");
    CHECK(stored.password_hash == "$argon2id$new");
    CHECK(stored.updated_at == kNow + 60);
    CHECK(stored.credential_version == 2);
    // The caller's session moved to the new credential; the other one ended.
    const auto mine = sessions.find_with_user("hash-mine");
    REQUIRE(mine);
    CHECK(mine->session.credential_version == 2);
    CHECK_FALSE(sessions.find_by_token_hash("hash-other"));
    CHECK(sessions.find_with_user("hash-theirs"));

    // A change checked against version 1 loses: nothing is written.
    CHECK_FALSE(users.replace_password({"u1", 1, "$argon2id$stale", kNow, std::nullopt}));
    CHECK(users.find_by_id("u1")->password_hash == "$argon2id$new");
    CHECK(sessions.find_with_user("hash-mine"));
    CHECK_FALSE(users.replace_password({"ghost", 1, "$argon2id$x", kNow, std::nullopt}));

    // Without a kept session, every session of the user ends.
    const auto all = users.replace_password({"u1", 2, "$argon2id$third", kNow, std::nullopt});
    REQUIRE(all);
    CHECK(all->sessions_ended == 1);
    CHECK_FALSE(sessions.find_by_token_hash("hash-mine"));
}

TEST_CASE_TEMPLATE("upgrade_password_hash keeps the credential version, over the old hash only",
                   Store, SqliteStore, PgStore) {
    OPEN_STORE();
    users.insert(make_user("u1", "a@example.com"));
    sessions.insert(make_session("s1", "u1", "hash-1"));
    const std::string legacy = users.find_by_id("u1")->password_hash;

    CHECK_FALSE(users.upgrade_password_hash("u1", "not the stored one", "$argon2id$x"));
    CHECK(users.upgrade_password_hash("u1", legacy, "$argon2id$upgraded"));
    const User stored = *users.find_by_id("u1");
    CHECK(stored.password_hash == "$argon2id$upgraded");
    CHECK(stored.credential_version == 1);
    CHECK(sessions.find_with_user("hash-1"));  // still the same credential
}

TEST_CASE_TEMPLATE("updating an unknown user reports it", Store, SqliteStore, PgStore) {
    OPEN_STORE();
    CHECK_FALSE(users.update(make_user("ghost", "ghost@example.com")));
    CHECK(users.count() == 0);
}

TEST_CASE_TEMPLATE("remove deletes once", Store, SqliteStore, PgStore) {
    OPEN_STORE();
    users.insert(make_user("u1", "a@example.com"));
    users.insert(make_user("u2", "b@example.com"));

    CHECK(users.remove("u1"));
    CHECK_FALSE(users.remove("u1"));
    CHECK_FALSE(users.find_by_id("u1"));
    CHECK(users.find_by_id("u2"));
    CHECK(users.count() == 1);
    // The email is free again.
    users.insert(make_user("u3", "a@example.com"));
}

TEST_CASE_TEMPLATE("for_each visits users in creation order", Store, SqliteStore, PgStore) {
    OPEN_STORE();
    // Ids in no sorted order, so an accidental ORDER BY id would show.
    for (const char* id : {"c", "a", "d", "b"}) {
        users.insert(make_user(id, std::string(id) + "@example.com"));
    }
    User renamed = *users.find_by_id("c");
    renamed.first_name = "Renamed";
    users.update(renamed);

    CHECK(ids_in_listing_order(users) == std::vector<std::string>{"c", "a", "d", "b"});
}

TEST_CASE_TEMPLATE("for_each on no users visits nothing", Store, SqliteStore, PgStore) {
    OPEN_STORE();
    CHECK(ids_in_listing_order(users).empty());
}

TEST_CASE_TEMPLATE("count follows inserts and removals", Store, SqliteStore, PgStore) {
    OPEN_STORE();
    CHECK(users.count() == 0);
    users.insert(make_user("u1", "a@example.com"));
    users.insert(make_user("u2", "b@example.com"));
    CHECK(users.count() == 2);
    users.remove("u2");
    CHECK(users.count() == 1);
}

TEST_CASE_TEMPLATE("removing a user removes that user's sessions only", Store, SqliteStore,
                   PgStore) {
    OPEN_STORE();
    users.insert(make_user("u1", "a@example.com"));
    users.insert(make_user("u2", "b@example.com"));
    sessions.insert(make_session("s1", "u1", "hash-1"));
    sessions.insert(make_session("s2", "u1", "hash-2", kNow + 3600));
    sessions.insert(make_session("s3", "u2", "hash-3"));

    REQUIRE(users.remove("u1"));

    CHECK_FALSE(sessions.find_by_token_hash("hash-1"));
    CHECK_FALSE(sessions.find_by_token_hash("hash-2"));
    CHECK(sessions.find_by_token_hash("hash-3"));
}

TEST_CASE_TEMPLATE("the cascade works from any thread's connection", Store, SqliteStore, PgStore) {
    OPEN_STORE();
    users.insert(make_user("u1", "a@example.com"));
    sessions.insert(make_session("s1", "u1", "hash-1"));

    std::thread([&] { users.remove("u1"); }).join();

    CHECK_FALSE(sessions.find_by_token_hash("hash-1"));
}

TEST_CASE_FIXTURE(StorageFixture, "a row with a malformed timestamp is a storage error") {
    users.insert(make_user("u1", "a@example.com"));
    database.connection().handle().exec(
        "UPDATE users SET created_at = 'yesterday' WHERE id = 'u1'");

    CHECK_THROWS_WITH_AS(users.find_by_id("u1"), doctest::Contains("users.created_at of u1"),
                         StorageError);
}

TEST_CASE_TEMPLATE("a missing table is a storage error naming the operation", Store, SqliteStore,
                   PgStore) {
    OPEN_STORE();
    store.exec("DROP TABLE user_sessions; DROP TABLE users");

    CHECK_THROWS_WITH_AS(users.count(), doctest::Contains("count users"), StorageError);
}

TEST_CASE_TEMPLATE("for_each_after pages through users in creation order", Store, SqliteStore,
                   PgStore) {
    OPEN_STORE();
    for (const char* id : {"c", "a", "e", "d", "b"}) {
        users.insert(make_user(id, std::string(id) + "@example.com"));
    }
    users.remove("e");  // a gap in the positions
    std::vector<std::string> ids;
    std::int64_t position = 0;
    int pages = 0;
    for (;;) {
        std::size_t visited = 0;
        position = users.for_each_after(position, 2, [&](const User& user) {
            ids.push_back(user.id);
            ++visited;
        });
        ++pages;
        if (visited < 2) break;
    }
    CHECK(ids == std::vector<std::string>{"c", "a", "d", "b"});
    CHECK(pages == 3);
    CHECK(ids == ids_in_listing_order(users));
}

}  // namespace authapi::test
