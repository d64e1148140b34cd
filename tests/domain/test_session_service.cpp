#include <doctest/doctest.h>

#include <set>

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
    MapSessionRepository sessions;

    Fixture() {
        User user;
        user.id = "u1";
        user.email = "bob@hbtn.io";
        users.users.push_back(user);
    }
};

}  // namespace

TEST_CASE("a session resolves to its user until it is destroyed") {
    Fixture f;
    SessionService service(f.sessions, f.users, f.random, f.clock, 0);
    const std::string token = service.create_session("u1");
    REQUIRE(service.user_for_token(token));
    CHECK(service.user_for_token(token)->email == "bob@hbtn.io");
    CHECK_FALSE(service.user_for_token("unknown"));
    CHECK(service.destroy_session(token));
    CHECK_FALSE(service.user_for_token(token));
    CHECK_FALSE(service.destroy_session(token));
}

TEST_CASE("only the token's hash is stored") {
    Fixture f;
    SessionService service(f.sessions, f.users, f.random, f.clock, 0);
    const std::string token = service.create_session("u1");
    REQUIRE(f.sessions.sessions.size() == 1);
    const UserSession& stored = f.sessions.sessions.begin()->second;
    CHECK(stored.token_hash == hash_session_token(token));
    CHECK(stored.token_hash != token);
    CHECK(stored.token_hash.size() == 64);
    CHECK_FALSE(stored.expires_at);
}

TEST_CASE("expiry: valid while now <= created_at + duration") {
    Fixture f;
    SessionService service(f.sessions, f.users, f.random, f.clock, 60);
    const std::string token = service.create_session("u1");
    f.clock.advance(60);
    CHECK(service.user_for_token(token));  // the boundary second is inside
    f.clock.advance(1);
    CHECK_FALSE(service.user_for_token(token));
    CHECK(f.sessions.sessions.empty());  // an expired session is deleted when seen
}

TEST_CASE("a duration <= 0 never expires") {
    for (std::int64_t duration : {0, -5}) {
        Fixture f;
        SessionService service(f.sessions, f.users, f.random, f.clock, duration);
        const std::string token = service.create_session("u1");
        f.clock.advance(10LL * 365 * 24 * 3600);
        CHECK(service.user_for_token(token));
    }
}

TEST_CASE("an expired session cannot be logged out") {
    Fixture f;
    SessionService service(f.sessions, f.users, f.random, f.clock, 5);
    const std::string token = service.create_session("u1");
    f.clock.advance(6);
    CHECK_FALSE(service.destroy_session(token));
}

TEST_CASE("two sessions of one user are independent") {
    Fixture f;
    SessionService service(f.sessions, f.users, f.random, f.clock, 0);
    const std::string a = service.create_session("u1");
    const std::string b = service.create_session("u1");
    CHECK(a != b);
    CHECK(service.destroy_session(a));
    CHECK(service.user_for_token(b));
}

TEST_CASE("a session whose user is gone identifies nobody") {
    Fixture f;
    SessionService service(f.sessions, f.users, f.random, f.clock, 0);
    const std::string token = service.create_session("u1");
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
