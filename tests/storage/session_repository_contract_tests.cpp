// The behaviours every SessionRepository must share, run against every store
// (PostgreSQL when a test server is configured).
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "memory_session_repository.hpp"
#include "pg_test_database.hpp"
#include "storage_fixture.hpp"
#include "user_repository.hpp"

using authapi::SessionRepository;
using authapi::StorageError;
using authapi::UserSession;
using authapi::test::kNow;
using authapi::test::make_session;
using authapi::test::make_user;

namespace {

// Users live in SQLite in every mode of a SQLite deployment.
struct WithUsers {
    static bool skip() { return false; }
    WithUsers() {
        storage.users.insert(make_user("u1", "u1@example.com"));
        storage.users.insert(make_user("u2", "u2@example.com"));
    }
    authapi::test::StorageFixture storage;
};

struct SqliteStore : WithUsers {
    SessionRepository& sessions() { return storage.sessions; }
    authapi::UserRepository& users() { return storage.users; }
};

struct PgStore {
    static bool skip() { return authapi::test::skip_postgres(); }
    PgStore() {
        stores.users.insert(make_user("u1", "u1@example.com"));
        stores.users.insert(make_user("u2", "u2@example.com"));
    }
    SessionRepository& sessions() { return stores.sessions; }
    authapi::UserRepository& users() { return stores.users; }

    authapi::test::PgStores stores;
};

struct MemoryStore : WithUsers {
    SessionRepository& sessions() { return repository; }
    authapi::UserRepository& users() { return storage.users; }

    authapi::MemorySessionRepository repository{storage.users};
};

void check_same(const UserSession& actual, const UserSession& expected) {
    CHECK(actual.id == expected.id);
    CHECK(actual.user_id == expected.user_id);
    CHECK(actual.token_hash == expected.token_hash);
    CHECK(actual.created_at == expected.created_at);
    CHECK(actual.expires_at == expected.expires_at);
}

}  // namespace

TEST_CASE_TEMPLATE("an inserted session is found by its token hash", Store, SqliteStore,
                   MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    const UserSession forever = make_session("s1", "u1", "hash-1");
    const UserSession expiring = make_session("s2", "u2", "hash-2", kNow + 3600, kNow + 7);
    store.sessions().insert(forever);
    store.sessions().insert(expiring);

    const auto found_forever = store.sessions().find_by_token_hash("hash-1");
    REQUIRE(found_forever);
    check_same(*found_forever, forever);
    const auto found_expiring = store.sessions().find_by_token_hash("hash-2");
    REQUIRE(found_expiring);
    check_same(*found_expiring, expiring);
    CHECK_FALSE(store.sessions().find_by_token_hash("hash-3"));
}

TEST_CASE_TEMPLATE("remove_by_token_hash removes once", Store, SqliteStore, MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    store.sessions().insert(make_session("s1", "u1", "hash-1"));
    store.sessions().insert(make_session("s2", "u1", "hash-2"));

    CHECK(store.sessions().remove_by_token_hash("hash-1"));
    CHECK_FALSE(store.sessions().remove_by_token_hash("hash-1"));
    CHECK_FALSE(store.sessions().remove_by_token_hash("never-issued"));
    CHECK_FALSE(store.sessions().find_by_token_hash("hash-1"));
    CHECK(store.sessions().find_by_token_hash("hash-2"));
}

TEST_CASE_TEMPLATE("remove_expired removes sessions that expired strictly before now", Store,
                   SqliteStore, MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    store.sessions().insert(make_session("past", "u1", "hash-past", kNow - 1));
    store.sessions().insert(make_session("long-past", "u2", "hash-long-past", kNow - 86400));
    store.sessions().insert(make_session("now", "u1", "hash-now", kNow));
    store.sessions().insert(make_session("future", "u1", "hash-future", kNow + 1));
    store.sessions().insert(make_session("forever", "u2", "hash-forever"));

    CHECK(store.sessions().remove_expired(kNow) == 2);

    CHECK_FALSE(store.sessions().find_by_token_hash("hash-past"));
    CHECK_FALSE(store.sessions().find_by_token_hash("hash-long-past"));
    CHECK(store.sessions().find_by_token_hash("hash-now"));
    CHECK(store.sessions().find_by_token_hash("hash-future"));
    CHECK(store.sessions().find_by_token_hash("hash-forever"));
    CHECK(store.sessions().remove_expired(kNow) == 0);
}

TEST_CASE_TEMPLATE("count_live counts sessions not yet expired, the boundary second included",
                   Store, SqliteStore, MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    CHECK(store.sessions().count_live({kNow, std::nullopt}) == 0);
    store.sessions().insert(make_session("past", "u1", "hash-past", kNow - 1));
    store.sessions().insert(make_session("now", "u1", "hash-now", kNow));
    store.sessions().insert(make_session("future", "u1", "hash-future", kNow + 1));
    store.sessions().insert(make_session("forever", "u2", "hash-forever"));
    CHECK(store.sessions().count_live({kNow, std::nullopt}) == 3);
    CHECK(store.sessions().count_live({kNow + 1, std::nullopt}) == 2);
    CHECK(store.sessions().count_live({kNow - 1, std::nullopt}) == 4);
    // Idle ones (last seen before the idle cutoff) are not live either.
    CHECK(store.sessions().count_live({kNow, kNow}) == 3);
    CHECK(store.sessions().count_live({kNow, kNow + 1}) == 0);
}

TEST_CASE_TEMPLATE("a token hash cannot be stored twice", Store, SqliteStore, MemoryStore,
                   PgStore) {
    if (Store::skip()) return;
    Store store;
    store.sessions().insert(make_session("s1", "u1", "hash-1"));

    CHECK_THROWS_AS(store.sessions().insert(make_session("s2", "u2", "hash-1")), StorageError);
    CHECK(store.sessions().find_by_token_hash("hash-1")->id == "s1");
}

TEST_CASE_TEMPLATE("find_with_user returns the session and its user together", Store, SqliteStore,
                   MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    UserSession session = make_session("s1", "u1", "hash-1", kNow + 60);
    session.ip = "10.1.2.3";
    session.user_agent = "agent/1.0";
    store.sessions().insert(session);

    const auto found = store.sessions().find_with_user("hash-1");
    REQUIRE(found);
    check_same(found->session, session);
    CHECK(found->session.last_seen_at == kNow);
    CHECK(found->user.id == "u1");
    CHECK(found->user.email == "u1@example.com");
    CHECK(found->user.first_name == std::optional<std::string>("First u1"));
    CHECK_FALSE(found->user.is_admin);
    CHECK_FALSE(store.sessions().find_with_user("hash-2"));
    // The user as they are now: a promotion shows on the next lookup.
    store.users().set_admin("u1", true);
    CHECK(store.sessions().find_with_user("hash-1")->user.is_admin);

    // The metadata is kept for the listings.
    const auto stored = store.sessions().find_by_token_hash("hash-1");
    REQUIRE(stored);
    CHECK(stored->ip == "10.1.2.3");
    CHECK(stored->user_agent == "agent/1.0");
}

TEST_CASE_TEMPLATE("touch only moves last_seen_at forward", Store, SqliteStore, MemoryStore,
                   PgStore) {
    if (Store::skip()) return;
    Store store;
    store.sessions().insert(make_session("s1", "u1", "hash-1"));
    store.sessions().touch("hash-1", kNow + 30);
    CHECK(store.sessions().find_with_user("hash-1")->session.last_seen_at == kNow + 30);
    store.sessions().touch("hash-1", kNow + 10);
    CHECK(store.sessions().find_with_user("hash-1")->session.last_seen_at == kNow + 30);
    store.sessions().touch("never-issued", kNow);  // no effect, no error
}

TEST_CASE_TEMPLATE("per-user listing and removal", Store, SqliteStore, MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    store.sessions().insert(make_session("a", "u1", "hash-a", std::nullopt, kNow));
    store.sessions().insert(make_session("b", "u1", "hash-b", std::nullopt, kNow + 1));
    store.sessions().insert(make_session("c", "u1", "hash-c", std::nullopt, kNow + 2));
    store.sessions().insert(make_session("d", "u2", "hash-d", std::nullopt, kNow));

    std::string ids;
    store.sessions().for_each_of_user("u1", [&](const UserSession& s) { ids += s.id; });
    CHECK(ids == "abc");
    ids.clear();
    store.sessions().for_each([&](const UserSession& s) { ids += s.id; });
    CHECK(ids.size() == 4);

    CHECK_FALSE(store.sessions().remove_by_id("d", std::string("u1")));  // u2's
    CHECK(store.sessions().remove_by_id("b", std::string("u1")));
    CHECK_FALSE(store.sessions().remove_by_id("b", std::nullopt));
    CHECK(store.sessions().remove_all_of_user("u1", std::string("hash-a")) == 1);
    CHECK(store.sessions().find_by_token_hash("hash-a"));
    CHECK_FALSE(store.sessions().find_by_token_hash("hash-c"));
    CHECK(store.sessions().remove_all_of_user("u1", std::nullopt) == 1);
    CHECK(store.sessions().find_by_token_hash("hash-d"));
}

TEST_CASE_TEMPLATE("remove_expired_batch deletes expired and idle sessions, limit at a time", Store,
                   SqliteStore, MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    for (int i = 0; i < 5; ++i) {
        const std::string n = std::to_string(i);
        store.sessions().insert(make_session("old" + n, "u1", "hash-old" + n, kNow - 1));
    }
    store.sessions().insert(make_session("idle", "u2", "hash-idle", std::nullopt, kNow - 100));
    store.sessions().insert(make_session("live", "u2", "hash-live", kNow + 100, kNow - 100));
    store.sessions().touch("hash-live", kNow - 5);

    authapi::ExpiryCutoff cutoff{kNow, kNow - 50};
    CHECK(store.sessions().remove_expired_batch(cutoff, 2) == 2);
    CHECK(store.sessions().remove_expired(cutoff, 2) == 4);
    CHECK(store.sessions().find_by_token_hash("hash-live"));
    CHECK_FALSE(store.sessions().find_by_token_hash("hash-idle"));
    std::int64_t left = 0;
    store.sessions().for_each([&](const UserSession&) { ++left; });
    CHECK(left == 1);
}
