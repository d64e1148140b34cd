#include <doctest/doctest.h>

#include "auth_gate.hpp"
#include "basic_auth.hpp"
#include "fakes.hpp"
#include "sodium_password_hasher.hpp"

using namespace authapi;
using namespace authapi::testing;

TEST_CASE("the gate: off, 401, 403, authenticated") {
    FakeClock clock{0};
    CountingRandom random;
    VectorUserRepository users;
    SodiumPasswordHasher hasher{1, 8u * 1024u * 1024u};
    UserService service{users, hasher, random, clock};
    service.create({"bob@hbtn.io", "H0lbertonSchool98!", std::nullopt, std::nullopt});
    BasicAuthenticator basic(service);
    const std::string good = "Basic Ym9iQGhidG4uaW86SDBsYmVydG9uU2Nob29sOTgh";

    AuthGate off(nullptr);
    CHECK(off.check({}).decision == GateDecision::Open);

    AuthGate gate(&basic);
    CHECK(gate.check({}).decision == GateDecision::Unauthorized);
    CHECK(gate.check({std::string("Test"), std::nullopt}).decision == GateDecision::Forbidden);
    CHECK(gate.check({std::nullopt, std::string("abc")}).decision == GateDecision::Forbidden);
    CHECK(gate.check({std::string(""), std::nullopt}).decision ==
          GateDecision::Forbidden);  // present but empty counts as present
    auto ok = gate.check({good, std::string("any cookie")});
    CHECK(ok.decision == GateDecision::Authenticated);
    REQUIRE(ok.current_user);
    CHECK(ok.current_user->email == "bob@hbtn.io");

    DenyAllAuthenticator deny;
    AuthGate deny_gate(&deny);
    CHECK(deny_gate.check({}).decision == GateDecision::Unauthorized);
    CHECK(deny_gate.check({good, std::nullopt}).decision == GateDecision::Forbidden);
}

TEST_CASE("the gate: a throttled account is an outcome with its wait, decided without a hash") {
    FakeClock clock{1'700'000'000};
    CountingRandom random;
    VectorUserRepository users;
    SodiumPasswordHasher hasher{1, 8u * 1024u * 1024u};
    UserService service{users, hasher, random, clock};
    service.create({"bob@hbtn.io", "H0lbertonSchool98!", std::nullopt, std::nullopt});
    LoginThrottle throttle(clock, {1, 900}, {0, 900});
    CredentialGuard guard(service, &throttle, nullptr);
    BasicAuthenticator basic(guard);
    AuthGate gate(&basic);
    // "bob@hbtn.io:wrong"
    const RequestCredentials wrong{std::string("Basic Ym9iQGhidG4uaW86d3Jvbmc="), std::nullopt,
                                   "1.2.3.4"};
    CHECK(gate.check(wrong).decision == GateDecision::Forbidden);
    clock.advance(100);
    const GateStep step = gate.begin(wrong);
    CHECK_FALSE(step.pending);
    REQUIRE(step.decided);
    CHECK(step.decided->decision == GateDecision::Throttled);
    CHECK(step.decided->retry_after_seconds == 800);
}
