#include <doctest/doctest.h>

#include "email_address.hpp"

using namespace authapi;

TEST_CASE("email_key: trimmed, ASCII letters lower-cased, anything else as typed") {
    CHECK(email_key("Bob@X.io") == "bob@x.io");
    CHECK(email_key(" \t bob@x.io\r\n") == "bob@x.io");
    CHECK(email_key("B o b@x.io") == "b o b@x.io");                          // inside: kept
    CHECK(email_key("\xc3\x89t\xc3\xa9@x.io") == "\xc3\x89t\xc3\xa9@x.io");  // Été
    CHECK(email_key("") == "");
    CHECK(email_key("   ") == "");
    CHECK(email_key(std::string("a\0B", 3)) == std::string("a\0b", 3));
}

TEST_CASE("EmailAddress keeps the trimmed text and refuses control characters") {
    const auto address = EmailAddress::parse("  Bob@X.io\n");
    REQUIRE(address);
    CHECK(address->text() == "Bob@X.io");
    CHECK(address->key() == "bob@x.io");
    CHECK_FALSE(EmailAddress::parse(""));
    CHECK_FALSE(EmailAddress::parse(" \t"));
    for (const std::string& bad : {std::string("a\0b", 3), std::string("a\x1b[0mb"),
                                   std::string("a\nb"), std::string("a\tb"), std::string("a\x7f"),
                                   std::string("a\xc2\x80"), std::string("a\xc2\x9f")}) {
        CHECK_FALSE(EmailAddress::parse(bad));
    }
    // C2 A0 (no-break space) and other non-ASCII text are not controls.
    CHECK(
        EmailAddress::parse("a\xc2\xa0"
                            "b@x.io"));
    CHECK(EmailAddress::parse("\xe3\x83\x86@x.io"));
}
