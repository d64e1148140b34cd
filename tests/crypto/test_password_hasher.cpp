#include <doctest/doctest.h>

#include "sha256.hpp"
#include "sodium_password_hasher.hpp"

using namespace authapi;

namespace {
// Small parameters keep the suite fast; production uses the class defaults.
SodiumPasswordHasher fast_hasher() {
    return SodiumPasswordHasher(1, 8u * 1024u * 1024u);
}
}  // namespace

TEST_CASE("argon2id round trip") {
    auto hasher = fast_hasher();
    const std::string stored = hasher.hash("fake pwd");
    CHECK(stored.rfind("$argon2id$", 0) == 0);
    CHECK(hasher.verify("fake pwd", stored));
    CHECK_FALSE(hasher.verify("fake pwd ", stored));
    CHECK_FALSE(hasher.verify("", stored));
    CHECK(hasher.hash("fake pwd") != stored);  // salted
    CHECK_FALSE(hasher.needs_rehash(stored));
}

TEST_CASE("default parameters are at least OWASP's argon2id minimum") {
    SodiumPasswordHasher hasher;
    const std::string stored = hasher.hash("x");
    CHECK(stored.find("m=19456,t=2,p=1") != std::string::npos);
    CHECK(fast_hasher().needs_rehash(hasher.hash("y")));
}

TEST_CASE("legacy SHA-256 hashes verify and ask for a rehash") {
    auto hasher = fast_hasher();
    const std::string legacy = "a5c904771b8617de27d3511d1f538094e26c120da663363b3f760f7b894f9d69";
    CHECK(sha256_hex("H0lbertonSchool98!") == legacy);
    CHECK(hasher.verify("H0lbertonSchool98!", legacy));
    CHECK_FALSE(hasher.verify("H0lbertonSchool98", legacy));
    CHECK(hasher.needs_rehash(legacy));
}

TEST_CASE("garbage stored hashes never verify") {
    auto hasher = fast_hasher();
    CHECK_FALSE(hasher.verify("x", ""));
    CHECK_FALSE(hasher.verify("x", "$argon2id$garbage"));
    CHECK_FALSE(hasher.verify("x", std::string("$argon2id$\0x", 12)));
    CHECK_FALSE(hasher.verify("x", std::string(500, 'a')));
}
