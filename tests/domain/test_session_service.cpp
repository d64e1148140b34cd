#include <doctest/doctest.h>

#include <set>
#include <vector>

#include "fakes.hpp"
#include "session_service.hpp"
#include "sodium_secure_random.hpp"

using namespace authapi;
using namespace authapi::testing;

namespace {

struct Fixture {
    FakeClock clock{1'700'000'000};
    CountingRandom random;
    VectorUserRepository users;
    MapSessionRepository sessions{users};

    Fixture() {
        User user;
        user.id = "u1";
        user.email = "bob@hbtn.io";
        users.users.push_back(user);
    }

    // A session for the user as stored now (its current credential).
    std::string open(SessionService& service, const std::string& user_id,
                     const ClientInfo& client = {}) {
        const auto token = service.create_session(*users.find_by_id(user_id), client);
        REQUIRE(token);
        return *token;
    }
    std::string rotate(SessionService& service, const std::string& presented,
                       const std::string& user_id, const ClientInfo& client = {}) {
        const auto token = service.rotate_session(presented, *users.find_by_id(user_id), client);
        REQUIRE(token);
        return *token;
    }
};

}  // namespace

TEST_CASE("a session resolves to its user until it is destroyed") {
    Fixture f;
    SessionService service(f.sessions, f.random, f.clock, {0});
    const std::string token = f.open(service, "u1");
    REQUIRE(service.user_for_token(token));
    CHECK(service.user_for_token(token)->email == "bob@hbtn.io");
    CHECK_FALSE(service.user_for_token("unknown"));
    CHECK(service.destroy_session(token));
    CHECK_FALSE(service.user_for_token(token));
    CHECK_FALSE(service.destroy_session(token));
}

TEST_CASE("only the token's hash is stored") {
    Fixture f;
    SessionService service(f.sessions, f.random, f.clock, {0});
    const std::string token = f.open(service, "u1");
    REQUIRE(f.sessions.sessions.size() == 1);
    const UserSession& stored = f.sessions.sessions.begin()->second;
    CHECK(stored.token_hash == hash_session_token(token));
    CHECK(stored.token_hash != token);
    CHECK(stored.token_hash.size() == 64);
    CHECK_FALSE(stored.expires_at);
}

TEST_CASE("expiry: valid while now <= created_at + duration") {
    Fixture f;
    SessionService service(f.sessions, f.random, f.clock, {60});
    const std::string token = f.open(service, "u1");
    f.clock.advance(60);
    CHECK(service.user_for_token(token));  // the boundary second is inside
    f.clock.advance(1);
    CHECK_FALSE(service.user_for_token(token));
    CHECK(f.sessions.sessions.empty());  // an expired session is deleted when seen
}

TEST_CASE("a duration <= 0 never expires") {
    for (std::int64_t duration : {0, -5}) {
        Fixture f;
        SessionService service(f.sessions, f.random, f.clock, {duration});
        const std::string token = f.open(service, "u1");
        f.clock.advance(10LL * 365 * 24 * 3600);
        CHECK(service.user_for_token(token));
    }
}

TEST_CASE("an expired session cannot be logged out") {
    Fixture f;
    SessionService service(f.sessions, f.random, f.clock, {5});
    const std::string token = f.open(service, "u1");
    f.clock.advance(6);
    CHECK_FALSE(service.destroy_session(token));
}

TEST_CASE("two sessions of one user are independent") {
    Fixture f;
    SessionService service(f.sessions, f.random, f.clock, {0});
    const std::string a = f.open(service, "u1");
    const std::string b = f.open(service, "u1");
    CHECK(a != b);
    CHECK(service.destroy_session(a));
    CHECK(service.user_for_token(b));
}

TEST_CASE("a session whose user is gone identifies nobody") {
    Fixture f;
    SessionService service(f.sessions, f.random, f.clock, {0});
    const std::string token = f.open(service, "u1");
    f.users.users.clear();
    CHECK_FALSE(service.user_for_token(token));
}

TEST_CASE("real tokens: 43 URL-safe characters, distinct") {
    SodiumSecureRandom random;
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string token = random.session_token();
        CHECK(token.size() == 43);
        CHECK(token.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
              std::string::npos);
        seen.insert(token);
    }
    CHECK(seen.size() == 1000);
    const std::string id = random.uuid4();
    CHECK(id.size() == 36);
    CHECK(id[14] == '4');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
}

TEST_CASE("idle timeout: refused once more than the timeout passed since the last request") {
    Fixture f;
    SessionService service(f.sessions, f.random, f.clock, {0, 3});
    const std::string token = f.open(service, "u1");
    for (int i = 0; i < 5; ++i) {  // used every 2 s: never idle
        f.clock.advance(2);
        CHECK(service.user_for_token(token));
    }
    f.clock.advance(3);
    CHECK(service.user_for_token(token));  // the boundary second is inside
    f.clock.advance(4);
    CHECK_FALSE(service.user_for_token(token));
    CHECK(f.sessions.sessions.empty());
}

TEST_CASE("last_seen_at is written at most once per touch interval") {
    Fixture f;
    SessionService service(f.sessions, f.random, f.clock, {0, 600});
    REQUIRE(service.policy().touch_interval() == 60);
    const std::string token = f.open(service, "u1");
    for (int i = 0; i < 100; ++i) {
        CHECK(service.user_for_token(token));
        f.clock.advance(1);  // 100 requests over 100 s
    }
    CHECK(f.sessions.touches == 1);  // at 60 s
    CHECK(SessionPolicy{0, 3}.touch_interval() == 1);
    CHECK(SessionPolicy{0, 100}.touch_interval() == 10);
    CHECK(SessionPolicy{0, 86400}.touch_interval() == 60);
    CHECK(SessionPolicy{0, 0}.touch_interval() == 60);
}

TEST_CASE("rotation ends the presented session, whoever's it is") {
    Fixture f;
    User other;
    other.id = "u2";
    f.users.users.push_back(other);
    SessionService service(f.sessions, f.random, f.clock, {0});
    const std::string mine = f.open(service, "u1");
    const std::string theirs = f.open(service, "u2");
    const std::string rotated = f.rotate(service, mine, "u1", {"127.0.0.1", "curl"});
    CHECK_FALSE(service.user_for_token(mine));
    CHECK(service.user_for_token(rotated)->id == "u1");
    const std::string over = f.rotate(service, theirs, "u1");
    CHECK_FALSE(service.user_for_token(theirs));
    CHECK(service.user_for_token(over)->id == "u1");
    CHECK(f.sessions.sessions.size() == 2);
}

TEST_CASE("client metadata is kept, the user agent truncated on a character boundary") {
    Fixture f;
    SessionService service(f.sessions, f.random, f.clock, {0});
    std::string agent(kMaxUserAgentBytes - 1, 'a');
    agent += "\xc3\xa9tail";  // a two-byte character across the limit
    f.open(service, "u1", {"10.0.0.1", agent});
    const UserSession& stored = f.sessions.sessions.begin()->second;
    CHECK(stored.ip == "10.0.0.1");
    CHECK(stored.user_agent == std::string(kMaxUserAgentBytes - 1, 'a'));
    CHECK(stored.last_seen_at == stored.created_at);
}

TEST_CASE("list, revoke one, revoke the others, purge") {
    Fixture f;
    SessionService service(f.sessions, f.random, f.clock, {100, 30});
    const std::string a = f.open(service, "u1");
    const std::string b = f.open(service, "u1");
    const std::string c = f.open(service, "u1");
    CHECK(service.live_sessions_of("u1", std::nullopt, 100).sessions.size() == 3);
    const std::string b_id = f.sessions.sessions.at(hash_session_token(b)).id;
    CHECK_FALSE(service.revoke("u2", b_id));  // not that user's
    CHECK(service.revoke("u1", b_id));
    CHECK_FALSE(service.revoke("u1", b_id));
    CHECK(service.revoke_others("u1", a) == 1);
    CHECK(service.user_for_token(a));
    CHECK_FALSE(service.user_for_token(c));

    const std::string d = f.open(service, "u1");
    f.clock.advance(20);
    const std::string e = f.open(service, "u1");
    CHECK(service.user_for_token(d));            // d seen at 20
    f.clock.advance(11);                         // a (seen at 0) is idle now; d and e are not
    CHECK(service.revoke_others("u1", e) == 1);  // a and d end; only d was live
    CHECK(service.user_for_token(e));
    CHECK_FALSE(service.user_for_token(d));
    f.open(service, "u1");
    f.clock.advance(31);  // both idle
    CHECK(service.live_sessions_of("u1", std::nullopt, 100).sessions.empty());
    CHECK(service.purge_expired() == 2);
    CHECK(f.sessions.sessions.empty());
}

TEST_CASE("a session is made only for the credential that is still the user's") {
    Fixture f;
    SessionService service(f.sessions, f.random, f.clock, {0});
    const User checked = *f.users.find_by_id("u1");  // as a login read it
    const std::string before = f.open(service, "u1");
    // The password changes between the check and the session's insert.
    f.users.replace_password({"u1", checked.credential_version, "new hash", 0, std::nullopt});
    CHECK_FALSE(service.create_session(checked));
    CHECK_FALSE(service.rotate_session(std::nullopt, checked, {}));
    // And the session opened before the change identifies nobody any more.
    CHECK_FALSE(service.user_for_token(before));
    CHECK(service.user_for_token(f.open(service, "u1")));
    f.users.users.clear();
    CHECK_FALSE(service.create_session(checked));
}

TEST_CASE("beyond max_sessions_per_user the oldest sessions end first") {
    Fixture f;
    SessionService service(f.sessions, f.random, f.clock, {0, 0, 3});
    std::vector<std::string> tokens;
    for (int i = 0; i < 5; ++i) {
        tokens.push_back(f.open(service, "u1"));
        f.clock.advance(1);
    }
    CHECK(f.sessions.sessions.size() == 3);
    CHECK_FALSE(service.user_for_token(tokens[0]));
    CHECK_FALSE(service.user_for_token(tokens[1]));
    for (int i = 2; i < 5; ++i) CHECK(service.user_for_token(tokens[i]));
}

TEST_CASE("live sessions come a page at a time, the cursor where the last page ended") {
    Fixture f;
    SessionService service(f.sessions, f.random, f.clock, {0});
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back(f.sessions.sessions.at(hash_session_token(f.open(service, "u1"))).id);
        if (i % 2 == 1) f.clock.advance(1);  // some share a second: position breaks the tie
    }
    std::vector<std::string> seen;
    std::optional<SessionCursor> after;
    int pages = 0;
    do {
        const SessionService::Page page = service.live_sessions_of("u1", after, 2);
        for (const auto& session : page.sessions) seen.push_back(session.id);
        after = page.next;
        ++pages;
    } while (after);
    CHECK(pages == 3);
    CHECK(seen == ids);
    CHECK_FALSE(service.live_sessions_of("u1", std::nullopt, 5).next);
}
