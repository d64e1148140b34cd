#include <doctest/doctest.h>

#include "auth_gate.hpp"
#include "basic_auth.hpp"
#include "fakes.hpp"
#include "sodium_password_hasher.hpp"

using namespace authapi;
using namespace authapi::testing;

TEST_CASE("the gate: off, excluded, 401, 403, authenticated") {
    FakeClock clock{0};
    CountingRandom random;
    VectorUserRepository users;
    SodiumPasswordHasher hasher{1, 8u * 1024u * 1024u};
    UserService service{users, hasher, random, clock};
    service.create({"bob@hbtn.io", "H0lbertonSchool98!", std::nullopt, std::nullopt});
    BasicAuthenticator basic(service);
    const std::string good = "Basic Ym9iQGhidG4uaW86SDBsYmVydG9uU2Nob29sOTgh";

    AuthGate off(nullptr, default_excluded_paths());
    CHECK(off.check("/api/v1/users", {}).decision == GateDecision::Open);

    AuthGate gate(&basic, default_excluded_paths());
    CHECK(gate.check("/api/v1/status", {}).decision == GateDecision::Open);
    CHECK(gate.check("/api/v1/users", {}).decision == GateDecision::Unauthorized);
    CHECK(gate.check("/api/v1/users", {std::string("Test"), std::nullopt}).decision ==
          GateDecision::Forbidden);
    CHECK(gate.check("/api/v1/users", {std::nullopt, std::string("abc")}).decision ==
          GateDecision::Forbidden);
    CHECK(gate.check("/api/v1/users", {std::string(""), std::nullopt}).decision ==
          GateDecision::Forbidden);  // present but empty counts as present
    auto ok = gate.check("/api/v1/users", {good, std::string("any cookie")});
    CHECK(ok.decision == GateDecision::Authenticated);
    REQUIRE(ok.current_user);
    CHECK(ok.current_user->email == "bob@hbtn.io");

    DenyAllAuthenticator deny;
    AuthGate deny_gate(&deny, default_excluded_paths());
    CHECK(deny_gate.check("/api/v1/users", {}).decision == GateDecision::Unauthorized);
    CHECK(deny_gate.check("/api/v1/users", {good, std::nullopt}).decision ==
          GateDecision::Forbidden);
}
