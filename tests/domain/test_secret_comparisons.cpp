// Secrets are compared in constant time. Timing cannot be measured reliably
// in a unit test, so this checks the code instead: the password hasher goes
// through libsodium's comparisons, and no source file compares a secret with
// ==, != or memcmp. Session tokens are never compared at all: they are looked
// up by their SHA-256.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

#include "sha256.hpp"
#include "sodium_password_hasher.hpp"

namespace {

std::string source(const std::filesystem::path& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

const std::filesystem::path kRoot = AUTH_API_SOURCE_ROOT;

}  // namespace

TEST_CASE("password checks use sodium_memcmp and crypto_pwhash_str_verify") {
    const std::string hasher = source(kRoot / "crypto" / "sodium_password_hasher.cpp");
    REQUIRE_FALSE(hasher.empty());
    CHECK(hasher.find("sodium_memcmp(") != std::string::npos);
    CHECK(hasher.find("crypto_pwhash_str_verify(") != std::string::npos);

    // The legacy path compares equal-length hex digests: a difference in the
    // first or the last character is found alike.
    authapi::SodiumPasswordHasher fast(1, 8u * 1024u * 1024u);
    std::string legacy = authapi::sha256_hex("pwd");
    CHECK(fast.verify("pwd", legacy));
    for (std::size_t at : {std::size_t{0}, legacy.size() - 1}) {
        std::string changed = legacy;
        changed[at] = changed[at] == 'a' ? 'b' : 'a';
        CHECK_FALSE(fast.verify("pwd", changed));
    }
}

TEST_CASE("no source compares a secret with ==, != or memcmp") {
    // An identifier naming a secret on either side of == / !=, or memcmp /
    // strcmp anywhere: iterator checks (`found == map.end()`) are allowed.
    const std::regex secret_compare(
        R"re(\b\w*(password|token|secret|digest|pwhash)\w*(\(\))?\s*[!=]=\s*(?!\w+\.(c?end|c?begin)\(\)))re"
        R"re(|[!=]=\s*\w*(password|token|secret|digest|pwhash)\w*\b(?!\.|_\.))re"
        R"re(|\b(memcmp|strcmp|strncmp)\s*\()re",
        std::regex::icase);
    // The pattern catches what it is meant to catch.
    for (const char* bad : {"if (token == stored) {", "return a.password != b;",
                            "if (x == session_token)", "memcmp(a, b, n)"}) {
        CAPTURE(bad);
        CHECK(std::regex_search(std::string(bad), secret_compare));
    }
    CHECK_FALSE(std::regex_search(std::string("found == by_token_hash_.end()"), secret_compare));
    CHECK_FALSE(std::regex_search(std::string("sodium_memcmp(a, b, n)"), secret_compare));

    int files = 0;
    for (const char* folder : {"domain", "crypto", "storage", "app"}) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(kRoot / folder)) {
            const auto extension = entry.path().extension();
            if (extension != ".cpp" && extension != ".hpp") continue;
            ++files;
            std::ifstream in(entry.path());
            std::string line;
            for (int number = 1; std::getline(in, line); ++number) {
                const auto comment = line.find("//");
                if (comment != std::string::npos) line.erase(comment);
                INFO(entry.path().string() << ":" << number << ": " << line);
                CHECK_FALSE(std::regex_search(line, secret_compare));
            }
        }
    }
    CHECK(files > 20);
}
