// The behaviours every SessionRepository must share, run against every store
// (PostgreSQL when a test server is configured).
#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "session_stores.hpp"
#include "storage_fixture.hpp"
#include "user_repository.hpp"

namespace authapi::test {

namespace {

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

    CHECK(store.sessions().remove_expired({kNow, std::nullopt}, 100) == 2);

    CHECK_FALSE(store.sessions().find_by_token_hash("hash-past"));
    CHECK_FALSE(store.sessions().find_by_token_hash("hash-long-past"));
    CHECK(store.sessions().find_by_token_hash("hash-now"));
    CHECK(store.sessions().find_by_token_hash("hash-future"));
    CHECK(store.sessions().find_by_token_hash("hash-forever"));
    CHECK(store.sessions().remove_expired({kNow, std::nullopt}, 100) == 0);
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

    ExpiryCutoff cutoff{kNow, kNow - 50};
    CHECK(store.sessions().remove_expired_batch(cutoff, 2) == 2);
    CHECK(store.sessions().remove_expired(cutoff, 2) == 4);
    CHECK(store.sessions().find_by_token_hash("hash-live"));
    CHECK_FALSE(store.sessions().find_by_token_hash("hash-idle"));
    std::int64_t left = 0;
    store.sessions().for_each([&](const UserSession&) { ++left; });
    CHECK(left == 1);
}

namespace {

// The user's password changes (credential version `from` -> from + 1),
// through the store as the UserService does it.
PasswordReplaced change_password(SessionRepository& sessions, UserRepository& users,
                                 const std::string& user_id, std::int64_t from,
                                 std::optional<std::string> keep = std::nullopt) {
    const auto done = sessions.replace_password(
        users, PasswordReplacement{user_id, from, "$argon2id$changed", kNow, keep});
    REQUIRE(done);
    return *done;
}

std::vector<std::string> ids_of(const std::vector<UserSession>& sessions) {
    std::vector<std::string> ids;
    for (const auto& session : sessions) ids.push_back(session.id);
    return ids;
}

}  // namespace

TEST_CASE_TEMPLATE("a session is stored only for its user's current credential", Store, SqliteStore,
                   MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    CHECK(store.sessions().insert(make_session("s1", "u1", "hash-1")));
    CHECK_FALSE(store.sessions().insert(make_session("s2", "ghost", "hash-2")));
    UserSession stale = make_session("s3", "u1", "hash-3");
    stale.credential_version = 2;  // a version u1 does not have
    CHECK_FALSE(store.sessions().insert(stale));
    CHECK_FALSE(store.sessions().find_by_token_hash("hash-2"));
    CHECK_FALSE(store.sessions().find_by_token_hash("hash-3"));
}

TEST_CASE_TEMPLATE("after a password change only the kept session is found, at the new version",
                   Store, SqliteStore, MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    store.sessions().insert(make_session("mine", "u1", "hash-mine"));
    store.sessions().insert(make_session("old", "u1", "hash-old"));
    store.sessions().insert(make_session("theirs", "u2", "hash-theirs"));

    const auto done =
        change_password(store.sessions(), store.users(), "u1", 1, std::string("hash-mine"));
    CHECK(done.credential_version == 2);
    CHECK(done.sessions_ended == 1);
    const auto mine = store.sessions().find_with_user("hash-mine");
    REQUIRE(mine);
    CHECK(mine->user.credential_version == 2);
    CHECK_FALSE(store.sessions().find_with_user("hash-old"));
    CHECK(store.sessions().find_with_user("hash-theirs"));
    // A login that checked the old password comes too late.
    CHECK_FALSE(store.sessions().insert(make_session("late", "u1", "hash-late")));
    UserSession current = make_session("new", "u1", "hash-new");
    current.credential_version = 2;
    CHECK(store.sessions().insert(current));
    CHECK(store.sessions().find_with_user("hash-new"));
}

TEST_CASE_TEMPLATE("beyond max_per_user the user's oldest sessions end, others' stay", Store,
                   SqliteStore, MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    store.sessions().insert(make_session("theirs", "u2", "hash-theirs", std::nullopt, kNow - 50));
    for (int i = 0; i < 6; ++i) {
        const std::string n = std::to_string(i);
        // Inserted out of order: "oldest" is created_at, not insertion.
        const std::int64_t created = i == 5 ? kNow - 10 : kNow + i;
        CHECK(store.sessions().insert(
            make_session("s" + n, "u1", "hash-" + n, std::nullopt, created), 3));
    }
    std::string ids;
    store.sessions().for_each_of_user("u1", [&](const UserSession& s) { ids += s.id; });
    CHECK(ids == "s2s3s4");
    CHECK(store.sessions().find_by_token_hash("hash-theirs"));
}

TEST_CASE_TEMPLATE("live sessions come a page at a time, in (created_at, position) order", Store,
                   SqliteStore, MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    std::vector<std::string> expected;
    for (int i = 0; i < 7; ++i) {
        const std::string n = std::to_string(i);
        // Pairs share a second: the position decides between them.
        store.sessions().insert(make_session("s" + n, "u1", "hash-" + n, kNow + 100, kNow + i / 2));
        expected.push_back("s" + n);
    }
    store.sessions().insert(make_session("expired", "u1", "hash-expired", kNow - 1, kNow + 1));
    store.sessions().insert(make_session("theirs", "u2", "hash-theirs"));

    const ExpiryCutoff cutoff{kNow, std::nullopt};
    std::vector<std::string> seen;
    std::optional<SessionCursor> after;
    for (;;) {
        const auto page = store.sessions().live_sessions_of("u1", cutoff, after, 3);
        for (const auto& id : ids_of(page)) seen.push_back(id);
        if (page.size() < 3) break;
        after = SessionCursor{page.back().created_at, page.back().position};
    }
    CHECK(seen == expected);
    // Idle ones are left out too, and so are those of an old credential.
    CHECK(store.sessions().live_sessions_of("u1", {kNow, kNow + 10}, std::nullopt, 10).empty());
    change_password(store.sessions(), store.users(), "u1", 1, std::string("hash-0"));
    CHECK(ids_of(store.sessions().live_sessions_of("u1", cutoff, std::nullopt, 10)) ==
          std::vector<std::string>{"s0"});
}

TEST_CASE_TEMPLATE("concurrent logins of one user never leave more than max_per_user", Store,
                   SqliteStore, MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    constexpr int kThreads = 6;
    constexpr int kEach = 10;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                const std::string n = std::to_string(t) + "-" + std::to_string(i);
                try {
                    if (!store.sessions().insert(make_session("s" + n, "u1", "hash-" + n), 4)) {
                        ++failures;
                    }
                } catch (const StorageError&) {
                    ++failures;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(failures == 0);
    int left = 0;
    store.sessions().for_each_of_user("u1", [&](const UserSession&) { ++left; });
    CHECK(left == 4);
}

TEST_CASE_TEMPLATE("logins racing a password change leave no session of the old credential", Store,
                   SqliteStore, MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    constexpr int kThreads = 4;
    std::atomic<bool> changed{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            // Each login checked the old password (version 1) before inserting.
            for (int i = 0; !changed.load() || i < 5; ++i) {
                const std::string n = std::to_string(t) + "-" + std::to_string(i);
                try {
                    store.sessions().insert(make_session("s" + n, "u1", "hash-" + n));
                } catch (const StorageError&) {
                }
                if (i > 2000) break;
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    change_password(store.sessions(), store.users(), "u1", 1);
    changed = true;
    for (auto& thread : threads) thread.join();
    std::int64_t old = 0;
    store.sessions().for_each_of_user("u1", [&](const UserSession& s) {
        if (store.sessions().find_with_user(s.token_hash)) ++old;
    });
    CHECK(old == 0);
}

}  // namespace authapi::test
