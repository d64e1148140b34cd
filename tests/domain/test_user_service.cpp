#include <doctest/doctest.h>

#include "fakes.hpp"
#include "sha256.hpp"
#include "sodium_password_hasher.hpp"
#include "user_service.hpp"

using namespace authapi;
using namespace authapi::testing;

namespace {

struct Fixture {
    FakeClock clock{1'700'000'000};
    CountingRandom random;
    VectorUserRepository users;
    SodiumPasswordHasher hasher{1, 8u * 1024u * 1024u};
    UserService service{users, hasher, random, clock};
};

}  // namespace

TEST_CASE("create validates in the reference's order") {
    Fixture f;
    NewUser input;
    CHECK_THROWS_WITH_AS(f.service.create(input), "email missing", InvalidInput);
    input.email = "";
    input.password = "x";
    CHECK_THROWS_WITH_AS(f.service.create(input), "email missing", InvalidInput);
    input.email = "a@b.c";
    input.password = std::nullopt;
    CHECK_THROWS_WITH_AS(f.service.create(input), "password missing", InvalidInput);
    input.password = "";
    CHECK_THROWS_WITH_AS(f.service.create(input), "password missing", InvalidInput);
    CHECK(f.users.users.empty());
}

TEST_CASE("create stores an argon2id hash and timestamps") {
    Fixture f;
    NewUser input{"a@b.c", "secret", "Bob", std::nullopt};
    const User user = f.service.create(input);
    CHECK(user.email == "a@b.c");
    CHECK(user.first_name == "Bob");
    CHECK_FALSE(user.last_name);
    CHECK(user.created_at == 1'700'000'000);
    CHECK(user.updated_at == user.created_at);
    CHECK(user.password_hash.rfind("$argon2id$", 0) == 0);
    CHECK_THROWS_AS(f.service.create(input), EmailAlreadyExists);
}

TEST_CASE("check_credentials tells unknown email from wrong password") {
    Fixture f;
    f.service.create({"a@b.c", "secret", std::nullopt, std::nullopt});
    CHECK(f.service.check_credentials("x@b.c", "secret").outcome == CredentialCheck::NoUser);
    CHECK(f.service.check_credentials("a@b.c", "Secret").outcome == CredentialCheck::WrongPassword);
    auto ok = f.service.check_credentials("a@b.c", "secret");
    CHECK(ok.outcome == CredentialCheck::Ok);
    REQUIRE(ok.user);
    CHECK(ok.user->email == "a@b.c");
}

TEST_CASE("emails are trimmed, found whatever their ASCII case, and refused with a control char") {
    Fixture f;
    const User user =
        f.service.create({"  Ann@Example.io\n", "secret", std::nullopt, std::nullopt});
    CHECK(user.email == "Ann@Example.io");
    CHECK_THROWS_AS(f.service.create({"ann@example.IO", "x", std::nullopt, std::nullopt}),
                    EmailAlreadyExists);
    for (const char* typed : {"ann@example.io", " ANN@EXAMPLE.IO ", "Ann@Example.io"}) {
        const CredentialResult result = f.service.check_credentials(typed, "secret");
        CHECK(result.outcome == CredentialCheck::Ok);
        REQUIRE(result.user);
        CHECK(result.user->id == user.id);
    }
    // Blank is missing; a control character anywhere inside is the wrong format.
    CHECK_THROWS_WITH_AS(f.service.create({" \t ", "x", std::nullopt, std::nullopt}),
                         "email missing", InvalidInput);
    for (const std::string& bad :
         {std::string("a\0b@x.io", 8), std::string("\x1b[31mc@x.io"), std::string("d@x.io\nX"),
          std::string("e\x7f@x.io"), std::string("f\xc2\x9b@x.io")}) {
        CHECK_THROWS_WITH_AS(f.service.create({bad, "x", std::nullopt, std::nullopt}),
                             "Wrong format", InvalidEmail);
    }
    CHECK(f.users.users.size() == 1);
    // A login with one finds nobody (and still costs a verification).
    CHECK(f.service.check_credentials(std::string("ann@example.io\0", 15), "secret").outcome ==
          CredentialCheck::NoUser);
}

TEST_CASE("a legacy hash is upgraded to argon2id on a successful login") {
    Fixture f;
    User legacy;
    legacy.id = "legacy";
    legacy.email = "bob@hbtn.io";
    legacy.password_hash = sha256_hex("H0lbertonSchool98!");
    legacy.updated_at = 42;
    f.users.users.push_back(legacy);

    CHECK(f.service.check_credentials("bob@hbtn.io", "wrong").outcome ==
          CredentialCheck::WrongPassword);
    CHECK(f.users.users[0].password_hash == legacy.password_hash);  // no upgrade on failure

    CHECK(f.service.check_credentials("bob@hbtn.io", "H0lbertonSchool98!").outcome ==
          CredentialCheck::Ok);
    CHECK(f.users.users[0].password_hash.rfind("$argon2id$", 0) == 0);
    CHECK(f.users.users[0].updated_at == 42);
    CHECK(f.service.check_credentials("bob@hbtn.io", "H0lbertonSchool98!").outcome ==
          CredentialCheck::Ok);
}

TEST_CASE("update_names changes only the names given") {
    Fixture f;
    const User user = f.service.create({"a@b.c", "secret", "Bob", "Dylan"});
    f.clock.advance(10);
    auto updated = f.service.update_names(user.id, {std::string("Robert"), std::nullopt});
    REQUIRE(updated);
    CHECK(updated->first_name == "Robert");
    CHECK(updated->last_name == "Dylan");
    CHECK(updated->updated_at == user.created_at + 10);
    CHECK_FALSE(f.service.update_names("nope", {}));
}

TEST_CASE("change_password checks the current password and stores an argon2id hash") {
    Fixture f;
    const User user = f.service.create({"a@b.c", "old secret", std::nullopt, std::nullopt});
    f.clock.advance(5);
    const auto change = [&](const std::string& id, const std::string& current,
                            const std::string& replacement) {
        return f.service.change_password({id, current, replacement, std::nullopt}).outcome;
    };
    CHECK(change("nobody", "old secret", "x") == CredentialCheck::NoUser);
    CHECK(change(user.id, "wrong", "new secret") == CredentialCheck::WrongPassword);
    CHECK(f.service.check_credentials("a@b.c", "old secret").outcome == CredentialCheck::Ok);
    CHECK(f.users.users.front().credential_version == 1);
    CHECK(change(user.id, "old secret", "new secret") == CredentialCheck::Ok);
    const User& stored = f.users.users.front();
    CHECK(stored.password_hash.rfind("$argon2id$", 0) == 0);
    CHECK(stored.updated_at == user.updated_at + 5);
    CHECK(stored.credential_version == 2);
    CHECK(f.service.check_credentials("a@b.c", "old secret").outcome ==
          CredentialCheck::WrongPassword);
    CHECK(f.service.check_credentials("a@b.c", "new secret").outcome == CredentialCheck::Ok);
}

namespace {

// Sessions in a store the user store's own transactions do not reach, as in
// the in-memory session modes.
struct OutsideSessionsFixture {
    FakeClock clock{1'700'000'000};
    CountingRandom random;
    VectorUserRepository users;
    MapSessionRepository sessions{users};
    SodiumPasswordHasher hasher{1, 8u * 1024u * 1024u};
    UserService service{users, hasher, random, clock, nullptr, &sessions};
};

}  // namespace

TEST_CASE_FIXTURE(OutsideSessionsFixture,
                  "remove ends the user's sessions in a store outside the user store") {
    const User a = service.create({"a@b.c", "pw", std::nullopt, std::nullopt});
    const User b = service.create({"b@b.c", "pw", std::nullopt, std::nullopt});
    sessions.insert(UserSession{"s1", a.id, "h1", 0, std::nullopt, 0, "", "", 1, 0});
    sessions.insert(UserSession{"s2", b.id, "h2", 0, std::nullopt, 0, "", "", 1, 0});
    CHECK(service.remove(a.id));
    CHECK_FALSE(sessions.find_by_token_hash("h1"));
    CHECK(sessions.find_by_token_hash("h2"));
}

namespace {

// Counts the verifications that reach the real hasher.
class CountingHasher final : public PasswordHasher {
public:
    explicit CountingHasher(const PasswordHasher& inner) : inner_(inner) {}
    std::string hash(std::string_view password) const override {
        ++hashes;
        return inner_.hash(password);
    }
    bool verify(std::string_view password, std::string_view stored) const override {
        ++verifies;
        return inner_.verify(password, stored);
    }
    bool needs_rehash(std::string_view stored) const override {
        return inner_.needs_rehash(stored);
    }
    bool runs_key_derivation(std::string_view stored) const override {
        return inner_.runs_key_derivation(stored);
    }
    mutable int hashes = 0;
    mutable int verifies = 0;

private:
    const PasswordHasher& inner_;
};

struct CountingFixture : Fixture {
    CountingHasher counting{hasher};
    UserService counted{users, counting, random, clock};
};

NewUser new_user(const std::string& email, const std::string& password) {
    NewUser input;
    input.email = email;
    input.password = password;
    return input;
}

}  // namespace

TEST_CASE("an unknown email costs one verification, as a wrong password does") {
    CountingFixture f;
    auto& service = f.counted;
    auto& counting = f.counting;
    service.create(new_user("a@b.c", "right"));
    const int hashes_after_create = counting.hashes;

    CHECK(service.check_credentials("nobody@b.c", "guess").outcome == CredentialCheck::NoUser);
    CHECK(counting.verifies == 1);
    CHECK(service.check_credentials("a@b.c", "guess").outcome == CredentialCheck::WrongPassword);
    CHECK(counting.verifies == 2);
    // The test hasher's parameters differ from the default: its dummy is made once.
    CHECK(service.check_credentials("other@b.c", "guess").outcome == CredentialCheck::NoUser);
    CHECK(counting.hashes == hashes_after_create + 1);
}

TEST_CASE("a legacy, an empty or a malformed hash costs an Argon2id verification too") {
    CountingFixture f;
    for (const std::string& stored : {sha256_hex("right"), std::string(), std::string("garbage")}) {
        CAPTURE(stored);
        User imported;
        imported.id = "imported";
        imported.email = "imported@b.c";
        imported.password_hash = stored;
        f.users.users = {imported};
        f.counting.verifies = 0;
        CHECK(f.counted.check_credentials("imported@b.c", "guess").outcome ==
              CredentialCheck::WrongPassword);
        // The dummy Argon2id verification, then the cheap check of what is stored.
        CHECK(f.counting.verifies == (stored.empty() ? 1 : 2));
    }
    // The legacy one still logs in (and is upgraded).
    User legacy;
    legacy.id = "legacy";
    legacy.email = "legacy@b.c";
    legacy.password_hash = sha256_hex("right");
    f.users.users = {legacy};
    CHECK(f.counted.check_credentials("legacy@b.c", "right").outcome == CredentialCheck::Ok);
}

TEST_CASE_FIXTURE(OutsideSessionsFixture,
                  "a password checked against one credential is never stored over another") {
    const User user = service.create({"a@b.c", "one", std::nullopt, std::nullopt});
    sessions.insert(UserSession{"mine", user.id, "h-mine", 0, std::nullopt, 0, "", "", 1, 0});
    sessions.insert(UserSession{"other", user.id, "h-other", 0, std::nullopt, 0, "", "", 1, 0});

    const auto done = service.change_password({user.id, "one", "two", std::string("h-mine")});
    CHECK(done.outcome == CredentialCheck::Ok);
    CHECK(done.sessions_ended == 1);
    CHECK(sessions.find_with_user("h-mine"));  // the caller's, moved to the new credential
    CHECK_FALSE(sessions.find_by_token_hash("h-other"));

    // A change whose check read the old credential loses to the one stored meanwhile.
    const PasswordReplacement stale{user.id, 1, "stale hash", 0, std::nullopt};
    CHECK_FALSE(users.replace_password(stale));
    CHECK(service.check_credentials("a@b.c", "two").outcome == CredentialCheck::Ok);
}

TEST_CASE("passwords over 1 KiB are refused before any hashing") {
    CountingFixture f;
    auto& service = f.counted;
    auto& counting = f.counting;
    NewUser input = new_user("a@b.c", std::string(1025, 'p'));
    CHECK_THROWS_WITH_AS(service.create(input), "password too long", InvalidInput);
    CHECK_THROWS_WITH_AS(service.check_credentials("a@b.c", *input.password), "password too long",
                         InvalidInput);
    CHECK(counting.hashes == 0);
    CHECK(counting.verifies == 0);
    input.password = std::string(1024, 'p');
    CHECK(service.create(input).email == "a@b.c");
}
