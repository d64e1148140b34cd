// The rule of when a session is live is ExpiryCutoff::is_live
// (domain/session_policy.hpp). Each store answers count_live,
// live_sessions_of and remove_expired_batch its own way (SQL in SQLite and
// PostgreSQL); these cases pin every store to the domain's rule a second
// before, at and after each limit, and SessionService (whose own check of a
// token is the domain's function) to the stores, with a fake clock.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "session_policy.hpp"
#include "session_service.hpp"
#include "session_stores.hpp"
#include "test_doubles.hpp"

namespace authapi::test {

namespace {

constexpr std::int64_t kDuration = 100;
constexpr std::int64_t kIdle = 30;
constexpr SessionPolicy kPolicy{kDuration, kIdle, 0};

struct Probe {
    std::string id;
    std::optional<std::int64_t> expires_at;
    std::int64_t last_seen_at;
    bool live;  // at kNow, as written by hand
};

// A second before, at and after each limit, at kNow.
const std::vector<Probe>& probes() {
    static const std::vector<Probe> all{
        {"expires-in-a-second", kNow + 1, kNow, true},
        {"expires-now", kNow, kNow, true},
        {"expired-a-second-ago", kNow - 1, kNow, false},
        {"idle-a-second-short", kNow + kDuration, kNow - kIdle + 1, true},
        {"idle-to-the-second", kNow + kDuration, kNow - kIdle, true},
        {"idle-a-second-over", kNow + kDuration, kNow - kIdle - 1, false},
        {"never-expires", std::nullopt, kNow, true},
        {"never-expires-but-idle", std::nullopt, kNow - kIdle - 1, false},
        {"expired-and-idle", kNow - 1, kNow - kIdle - 1, false},
    };
    return all;
}

std::vector<std::string> live_ids() {
    std::vector<std::string> ids;
    for (const auto& probe : probes())
        if (probe.live) ids.push_back(probe.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

template <typename Store>
void insert_probes(Store& store) {
    for (const auto& probe : probes()) {
        UserSession session =
            make_session(probe.id, "u1", "hash-" + probe.id, probe.expires_at, probe.last_seen_at);
        REQUIRE(store.sessions().insert(session));
    }
}

void set(testing::FakeClock& clock, std::int64_t now) {
    clock.advance(now - clock.now());
}

std::vector<std::string> sorted(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

}  // namespace

TEST_CASE("the domain's expiry rule at the boundaries is what the probes say") {
    const ExpiryCutoff cutoff = kPolicy.cutoff_at(kNow);
    REQUIRE(cutoff.idle_cutoff == kNow - kIdle);
    for (const auto& probe : probes()) {
        CAPTURE(probe.id);
        CHECK(cutoff.is_live(probe.expires_at, probe.last_seen_at) == probe.live);
    }
    CHECK(kPolicy.expires_at_for(kNow) == kNow + kDuration);
    CHECK_FALSE(SessionPolicy{}.expires_at_for(kNow));
    CHECK_FALSE(SessionPolicy{}.cutoff_at(kNow).idle_cutoff);
}

TEST_CASE_TEMPLATE("every store's live sessions are the domain rule's, to the second", Store,
                   SqliteStore, MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    insert_probes(store);
    const ExpiryCutoff cutoff = kPolicy.cutoff_at(kNow);
    const std::vector<std::string> live = live_ids();

    // Read back through the store's row mapping, the rule still agrees.
    store.sessions().for_each_of_user("u1", [&](const UserSession& session) {
        CAPTURE(session.id);
        const auto probe = std::find_if(probes().begin(), probes().end(),
                                        [&](const Probe& p) { return p.id == session.id; });
        REQUIRE(probe != probes().end());
        CHECK(cutoff.is_live(session) == probe->live);
    });
    CHECK(store.sessions().count_live(cutoff) == static_cast<std::int64_t>(live.size()));
    std::vector<std::string> listed;
    for (const auto& session : store.sessions().live_sessions_of("u1", cutoff, std::nullopt, 100))
        listed.push_back(session.id);
    CHECK(sorted(listed) == live);

    // The purge removes exactly what the rule calls dead.
    CHECK(store.sessions().remove_expired(cutoff, 2) ==
          static_cast<std::int64_t>(probes().size() - live.size()));
    std::vector<std::string> left;
    store.sessions().for_each([&](const UserSession& session) { left.push_back(session.id); });
    CHECK(sorted(left) == live);
}

TEST_CASE_TEMPLATE("a session outlives SESSION_DURATION by not one second, on every store", Store,
                   SqliteStore, MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    testing::FakeClock clock(kNow);
    testing::CountingRandom tokens;
    SessionService service(store.sessions(), tokens, clock, SessionPolicy{kDuration, 0, 0});
    const auto user = store.users().find_by_id("u1");
    REQUIRE(user);
    const auto checked = service.create_session(*user);  // a token the service checks
    const auto purged = service.create_session(*user);   // one only the store's purge sees
    REQUIRE(checked);
    REQUIRE(purged);

    for (const std::int64_t at : {kNow + kDuration - 1, kNow + kDuration}) {
        set(clock, at);
        CHECK(service.count_live() == 2);
        CHECK(service.live_sessions_of("u1", std::nullopt, 10).sessions.size() == 2);
        CHECK(service.purge_expired() == 0);
        CHECK(service.user_for_token(*checked));
    }
    set(clock, kNow + kDuration + 1);
    CHECK(service.count_live() == 0);
    CHECK(service.live_sessions_of("u1", std::nullopt, 10).sessions.empty());
    CHECK_FALSE(service.user_for_token(*checked));
    CHECK(service.purge_expired() == 1);
    std::int64_t left = 0;
    store.sessions().for_each([&](const UserSession&) { ++left; });
    CHECK(left == 0);
}

TEST_CASE_TEMPLATE(
    "a session idle SESSION_IDLE_TIMEOUT seconds lives, one more ends it, on every "
    "store",
    Store, SqliteStore, MemoryStore, PgStore) {
    if (Store::skip()) return;
    Store store;
    testing::FakeClock clock(kNow);
    testing::CountingRandom tokens;
    SessionService service(store.sessions(), tokens, clock, SessionPolicy{0, kIdle, 0});
    const auto user = store.users().find_by_id("u1");
    REQUIRE(user);
    const auto used = service.create_session(*user);     // used at the idle limit
    const auto checked = service.create_session(*user);  // checked once it is over
    const auto purged = service.create_session(*user);   // seen only by the purge
    REQUIRE((used && checked && purged));

    set(clock, kNow + kIdle - 1);
    CHECK(service.count_live() == 3);
    set(clock, kNow + kIdle);
    CHECK(service.count_live() == 3);
    CHECK(service.live_sessions_of("u1", std::nullopt, 10).sessions.size() == 3);
    CHECK(service.purge_expired() == 0);
    CHECK(service.user_for_token(*used));  // records the use: idle from here on

    set(clock, kNow + kIdle + 1);
    CHECK(service.count_live() == 1);
    const auto page = service.live_sessions_of("u1", std::nullopt, 10).sessions;
    REQUIRE(page.size() == 1);
    CHECK(service.user_for_token(*used));
    CHECK_FALSE(service.user_for_token(*checked));
    CHECK(service.purge_expired() == 1);
    CHECK(service.count_live() == 1);
}

}  // namespace authapi::test
