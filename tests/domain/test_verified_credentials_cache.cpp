#include <doctest/doctest.h>
#include <sodium.h>

#include "basic_auth.hpp"
#include "fakes.hpp"
#include "sodium_password_hasher.hpp"
#include "user_service.hpp"
#include "verified_credentials_cache.hpp"

using namespace authapi;
using namespace authapi::testing;

namespace {

// Counts verifications, so a test sees whether the hash ran.
class CountingHasher final : public PasswordHasher {
public:
    std::string hash(std::string_view password) const override { return inner.hash(password); }
    bool verify(std::string_view password, std::string_view stored) const override {
        ++verifications;
        return inner.verify(password, stored);
    }
    bool needs_rehash(std::string_view stored) const override { return inner.needs_rehash(stored); }
    bool runs_key_derivation(std::string_view stored) const override {
        return inner.runs_key_derivation(stored);
    }
    SodiumPasswordHasher inner{1, 8u * 1024u * 1024u};
    mutable int verifications = 0;
};

std::string basic_header(const std::string& email, const std::string& password) {
    const std::string plain = email + ":" + password;
    std::string b64(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(plain.data()),
                      plain.size(), sodium_base64_VARIANT_ORIGINAL);
    b64.resize(b64.size() - 1);  // the terminating NUL
    return "Basic " + b64;
}

struct Fixture {
    FakeClock clock{1'700'000'000};
    CountingRandom random;
    VectorUserRepository repository;
    CountingHasher hasher;
    VerifiedCredentialsCache cache{clock, 60, 100};
    UserService users{repository, hasher, random, clock, &cache};
    CredentialGuard guard{users, nullptr, nullptr};
    BasicAuthenticator basic{guard, users, cache};
    User bob = users.create({"bob@hbtn.io", "pwd", std::nullopt, std::nullopt});

    std::optional<User> who(const std::string& header) {
        RequestCredentials credentials;
        credentials.authorization = header;
        return basic.current_user(credentials);
    }
    // Whether the header's check is left for a hash thread (not remembered).
    bool needs_hash(const std::string& header) {
        RequestCredentials credentials;
        credentials.authorization = header;
        return basic.identify(credentials).pending.has_value();
    }
};

}  // namespace

TEST_CASE("a verified Basic header is not hashed again until the TTL ends") {
    Fixture f;
    const std::string header = basic_header("bob@hbtn.io", "pwd");
    CHECK(f.needs_hash(header));
    REQUIRE(f.who(header));
    CHECK(f.hasher.verifications == 1);
    CHECK_FALSE(f.needs_hash(header));
    auto again = f.who(header);
    REQUIRE(again);
    CHECK(again->id == f.bob.id);
    CHECK(f.hasher.verifications == 1);

    f.clock.advance(61);
    CHECK(f.needs_hash(header));
    REQUIRE(f.who(header));
    CHECK(f.hasher.verifications == 2);
}

TEST_CASE("a wrong password is never remembered") {
    Fixture f;
    const std::string wrong = basic_header("bob@hbtn.io", "nope");
    CHECK_FALSE(f.who(wrong));
    CHECK_FALSE(f.who(wrong));
    CHECK(f.hasher.verifications == 2);
    CHECK(f.cache.size() == 0);
}

TEST_CASE("removing the user drops its cached credentials at once") {
    Fixture f;
    const std::string header = basic_header("bob@hbtn.io", "pwd");
    REQUIRE(f.who(header));
    REQUIRE(f.users.remove(f.bob.id));
    CHECK(f.cache.size() == 0);
    CHECK(f.needs_hash(header));
    CHECK_FALSE(f.who(header));
}

TEST_CASE("a verification that raced with a revocation is not remembered") {
    Fixture f;
    const auto started = f.cache.generation();
    f.cache.revoke_user(f.bob.id);  // e.g. the password changed meanwhile
    f.cache.remember("Basic x", f.bob.id, 1, started);
    CHECK_FALSE(f.cache.find("Basic x"));
    f.cache.remember("Basic x", f.bob.id, 1, f.cache.generation());
    CHECK(f.cache.find("Basic x")->user_id == f.bob.id);
}

TEST_CASE("an entry is void once its credential version is not the user's") {
    Fixture f;
    const std::string header = basic_header("bob@hbtn.io", "pwd");
    REQUIRE(f.who(header));
    CHECK_FALSE(f.needs_hash(header));
    // The password changes through another process on the same store: this
    // process's cache hears nothing, but the user row says so.
    User& stored = f.repository.users.front();
    stored.password_hash = f.hasher.hash("changed");
    ++stored.credential_version;
    CHECK(f.needs_hash(header));
    CHECK_FALSE(f.who(header));
    CHECK(f.cache.size() == 0);
    const std::string changed = basic_header("bob@hbtn.io", "changed");
    REQUIRE(f.who(changed));
    CHECK(f.cache.find(changed)->credential_version == stored.credential_version);
}

TEST_CASE("the cache never holds more than its bound") {
    FakeClock clock{1'700'000'000};
    VerifiedCredentialsCache cache{clock, 60, 3};
    for (int i = 0; i < 10; ++i) {
        cache.remember("Basic " + std::to_string(i), "u" + std::to_string(i), 1,
                       cache.generation());
        CHECK(cache.size() <= 3);
    }
    CHECK(cache.find("Basic 9")->user_id == "u9");
    CHECK_FALSE(cache.find("Basic 10"));
}

TEST_CASE("only another user's entries survive a revocation") {
    FakeClock clock{1'700'000'000};
    VerifiedCredentialsCache cache{clock, 60, 10};
    cache.remember("Basic a", "alice", 1, cache.generation());
    cache.remember("Basic b", "bob", 1, cache.generation());
    cache.revoke_user("bob");
    CHECK(cache.find("Basic a")->user_id == "alice");
    CHECK_FALSE(cache.find("Basic b"));
}
