// The behaviours every SessionRepository must share, run against both stores.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "memory_session_repository.hpp"
#include "storage_fixture.hpp"
#include "user_repository.hpp"

using authapi::SessionRepository;
using authapi::StorageError;
using authapi::UserSession;
using authapi::test::kNow;
using authapi::test::make_session;
using authapi::test::make_user;

namespace {

struct SqliteStore {
    SqliteStore() {
        storage.users.insert(make_user("u1", "u1@example.com"));
        storage.users.insert(make_user("u2", "u2@example.com"));
    }
    SessionRepository& sessions() { return storage.sessions; }

    authapi::test::StorageFixture storage;
};

struct MemoryStore {
    SessionRepository& sessions() { return repository; }

    authapi::MemorySessionRepository repository;
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
                   MemoryStore) {
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

TEST_CASE_TEMPLATE("remove_by_token_hash removes once", Store, SqliteStore, MemoryStore) {
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
                   SqliteStore, MemoryStore) {
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
                   Store, SqliteStore, MemoryStore) {
    Store store;
    CHECK(store.sessions().count_live(kNow) == 0);
    store.sessions().insert(make_session("past", "u1", "hash-past", kNow - 1));
    store.sessions().insert(make_session("now", "u1", "hash-now", kNow));
    store.sessions().insert(make_session("future", "u1", "hash-future", kNow + 1));
    store.sessions().insert(make_session("forever", "u2", "hash-forever"));
    CHECK(store.sessions().count_live(kNow) == 3);
    CHECK(store.sessions().count_live(kNow + 1) == 2);
    CHECK(store.sessions().count_live(kNow - 1) == 4);
}

TEST_CASE_TEMPLATE("a token hash cannot be stored twice", Store, SqliteStore, MemoryStore) {
    Store store;
    store.sessions().insert(make_session("s1", "u1", "hash-1"));

    CHECK_THROWS_AS(store.sessions().insert(make_session("s2", "u2", "hash-1")), StorageError);
    CHECK(store.sessions().find_by_token_hash("hash-1")->id == "s1");
}
