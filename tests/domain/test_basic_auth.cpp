#include <doctest/doctest.h>

#include "basic_auth.hpp"

using namespace authapi;

TEST_CASE("extract_base64_authorization_header") {
    CHECK_FALSE(extract_base64_authorization_header(std::nullopt));
    CHECK_FALSE(extract_base64_authorization_header("Holberton"));
    CHECK_FALSE(extract_base64_authorization_header("Basic1234"));
    CHECK_FALSE(extract_base64_authorization_header("basic SG9sYmVydG9u"));
    CHECK(extract_base64_authorization_header("Basic Holberton") == "Holberton");
    CHECK(extract_base64_authorization_header("Basic ") == "");
    CHECK(extract_base64_authorization_header("Basic  x") == " x");
}

TEST_CASE("decode_base64_authorization_header is strict base64 of UTF-8") {
    CHECK_FALSE(decode_base64_authorization_header(std::nullopt));
    CHECK_FALSE(decode_base64_authorization_header("Holberton"));
    CHECK(decode_base64_authorization_header("SG9sYmVydG9u") == "Holberton");
    CHECK(decode_base64_authorization_header("Ym9iQGhidG4uaW86SDBsYmVydG9uU2Nob29sOTgh") ==
          "bob@hbtn.io:H0lbertonSchool98!");
    CHECK_FALSE(decode_base64_authorization_header("SG9sYmVydG9u!"));
    CHECK_FALSE(decode_base64_authorization_header("SGk"));  // padding required
    CHECK(decode_base64_authorization_header("SGk=") == "Hi");
    CHECK_FALSE(decode_base64_authorization_header("/w=="));  // 0xFF: not UTF-8
    CHECK(decode_base64_authorization_header("") == "");
}

TEST_CASE("extract_user_credentials splits at the first colon") {
    CHECK_FALSE(extract_user_credentials(std::nullopt));
    CHECK_FALSE(extract_user_credentials("Holberton"));
    auto pair = extract_user_credentials("bob@hbtn.io:H0lberton:School:98!");
    REQUIRE(pair);
    CHECK(pair->first == "bob@hbtn.io");
    CHECK(pair->second == "H0lberton:School:98!");
    auto empty = extract_user_credentials(":");
    REQUIRE(empty);
    CHECK(empty->first.empty());
    CHECK(empty->second.empty());
}
