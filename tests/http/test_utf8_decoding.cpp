#include <doctest/doctest.h>

#include <string>

#include "random_bytes.hpp"
#include "utf8_decoding.hpp"

namespace authapi {
namespace {

std::string encode_utf8(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

std::size_t count_replacements(std::string_view text) {
    std::size_t replacements = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        const Utf8Step step = decode_utf8_at(text, pos);
        REQUIRE(step.length >= 1);
        if (!step.valid) ++replacements;
        pos += step.length;
    }
    return replacements;
}

TEST_CASE("decode_utf8_at decodes every scalar value and nothing else") {
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        const std::string bytes = encode_utf8(cp);
        const Utf8Step step = decode_utf8_at(bytes, 0);
        if (!step.valid || step.code_point != cp || step.length != bytes.size()) {
            FAIL("code point " << static_cast<unsigned long>(cp));
        }
    }
    for (char32_t cp = 0xD800; cp <= 0xDFFF; ++cp) {
        CHECK_FALSE(decode_utf8_at(encode_utf8(cp), 0).valid);  // surrogates
    }
}

TEST_CASE("decode_utf8_at accepts a 2- or 3-byte sequence only in shortest form") {
    std::size_t valid_two = 0;
    for (unsigned a = 0x80; a <= 0xFF; ++a) {
        for (unsigned b = 0; b <= 0xFF; ++b) {
            const std::string bytes{static_cast<char>(a), static_cast<char>(b)};
            const Utf8Step step = decode_utf8_at(bytes, 0);
            if (step.valid && step.length == 2) ++valid_two;
        }
    }
    CHECK(valid_two == 0x800 - 0x80);

    std::size_t valid_three = 0;
    for (unsigned a = 0xE0; a <= 0xEF; ++a) {
        for (unsigned b = 0; b <= 0xFF; ++b) {
            for (unsigned c = 0; c <= 0xFF; ++c) {
                const std::string bytes{static_cast<char>(a), static_cast<char>(b),
                                        static_cast<char>(c)};
                if (decode_utf8_at(bytes, 0).valid) ++valid_three;
            }
        }
    }
    CHECK(valid_three == 0x10000 - 0x800 - 0x800);  // minus the surrogates
}

TEST_CASE("decode_utf8_at rejects overlongs, surrogates and values above U+10FFFF") {
    for (const char* bad :
         {"\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xE0\x9F\xBF", "\xF0\x80\x80\x80",
          "\xF0\x8F\xBF\xBF", "\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80",
          "\xF5\x80\x80\x80", "\xF8\x88\x80\x80\x80", "\xFE", "\xFF", "\x80", "\xBF"}) {
        CAPTURE(bad);
        const Utf8Step step = decode_utf8_at(bad, 0);
        CHECK_FALSE(step.valid);
        CHECK(step.code_point == 0xFFFD);
    }
    CHECK(decode_utf8_at("\xF4\x8F\xBF\xBF", 0).valid);  // U+10FFFF itself
}

TEST_CASE("decode_utf8_at consumes the maximal subpart of a broken sequence, like Python") {
    // b"\xe0\x80\xe2\x82x\xed\xa0\x80\xf4\x90\x80\x80\xc0\xaf\xff".decode("utf-8", "replace")
    // gives 13 U+FFFD around the "x".
    CHECK(count_replacements("\xE0\x80\xE2\x82x\xED\xA0\x80\xF4\x90\x80\x80\xC0\xAF\xFF") == 13);
    const Utf8Step truncated = decode_utf8_at("\xE2\x82", 0);
    CHECK_FALSE(truncated.valid);
    CHECK(truncated.length == 2);
    const Utf8Step cut_by_ascii = decode_utf8_at(
        "\xF0\x9F\x98"
        "A",
        0);
    CHECK(cut_by_ascii.length == 3);
}

TEST_CASE("decode_utf8_at never reads past the end") {
    CHECK(decode_utf8_at("", 0).length == 0);
    CHECK(decode_utf8_at("a", 1).length == 0);
    CHECK(decode_utf8_at("a", 99).length == 0);
    const std::string_view cut("\xF0\x9F\x98\x80", 2);  // view ends inside the sequence
    CHECK(decode_utf8_at(cut, 0).length == 2);
    CHECK_FALSE(decode_utf8_at(cut, 0).valid);

    testing::RandomBytes random({"\xF0", "\x9F", "\x80", "\xED", "\xE0", "\xC2", "a"});
    for (int i = 0; i < 20000; ++i) (void)count_replacements(random.next());
}

}  // namespace
}  // namespace authapi
