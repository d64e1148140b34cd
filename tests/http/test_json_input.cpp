#include <doctest/doctest.h>

#include <string>

#include "json_input.hpp"
#include "random_bytes.hpp"

namespace authapi {
namespace {

std::string nested(int arrays) {
    return "{\"a\": " + std::string(arrays, '[') + std::string(arrays, ']') + "}";
}

TEST_CASE("JsonObjectInput: the fields the API reads") {
    const auto input = JsonObjectInput::parse(
        R"({"email": "bob@hbtn.io", "password": "H0lbertonSchool98!", "first_name": null,
            "last_name": 12, "flag": true, "list": [1, "x"], "object": {"email": "inner"}})");
    REQUIRE(input);
    CHECK(input->field("email").kind == JsonField::String);
    CHECK(input->field("email").text == "bob@hbtn.io");
    CHECK(input->field("password").text == "H0lbertonSchool98!");
    CHECK(input->field("first_name").kind == JsonField::Null);
    CHECK(input->field("last_name").kind == JsonField::Other);
    CHECK(input->field("flag").kind == JsonField::Other);
    CHECK(input->field("list").kind == JsonField::Other);
    CHECK(input->field("object").kind == JsonField::Other);
    CHECK(input->field("missing").kind == JsonField::Absent);
    CHECK(input->field("Email").kind == JsonField::Absent);
    CHECK(input->field("x").text.empty());
}

TEST_CASE("JsonObjectInput: nested members are not top-level fields") {
    const auto input = JsonObjectInput::parse(R"({"o": {"email": "x", "p": [{"email": "y"}]}})");
    REQUIRE(input);
    CHECK(input->field("email").kind == JsonField::Absent);
    CHECK(input->field("p").kind == JsonField::Absent);
}

TEST_CASE("JsonObjectInput: duplicate keys, the last wins like Python") {
    CHECK(JsonObjectInput::parse(R"({"a": "1", "a": null})")->field("a").kind == JsonField::Null);
    const auto input = JsonObjectInput::parse(R"({"a": null, "a": {"b": 1}, "a": "x"})");
    REQUIRE(input);
    CHECK(input->field("a").kind == JsonField::String);
    CHECK(input->field("a").text == "x");
    CHECK(JsonObjectInput::parse(R"({"a": "x", "a": [1]})")->field("a").kind == JsonField::Other);
}

TEST_CASE("JsonObjectInput: strings are decoded") {
    const auto input = JsonObjectInput::parse(
        R"({"e": "caf\u00e9", "s": "\ud83d\ude00", "n": "a\u0000b", "q": "\"\\\/\b\f\n\r\t",
            "raw": "caf)"
        "\xC3\xA9"
        R"(", "k\u0000": 1})");
    REQUIRE(input);
    CHECK(input->field("e").text == "caf\xC3\xA9");
    CHECK(input->field("s").text == "\xF0\x9F\x98\x80");
    CHECK(input->field("n").text == std::string("a\0b", 3));
    CHECK(input->field("q").text == "\"\\/\b\f\n\r\t");
    CHECK(input->field("raw").text == "caf\xC3\xA9");
    CHECK(input->field(std::string("k\0", 2)).kind == JsonField::Other);
    CHECK(input->field("k").kind == JsonField::Absent);
}

TEST_CASE("JsonObjectInput: whitespace and a UTF-8 BOM are fine") {
    CHECK(JsonObjectInput::parse(" \t\r\n{}\n ").has_value());
    CHECK(JsonObjectInput::parse("\xEF\xBB\xBF{\"a\": \"b\"}")->field("a").text == "b");
    CHECK_FALSE(JsonObjectInput::parse("\xEF\xBB\xBF\xEF\xBB\xBF{}").has_value());
}

TEST_CASE("JsonObjectInput: anything but one object is refused") {
    for (const char* bad : {"",
                            " ",
                            "null",
                            "[]",
                            "[{}]",
                            "\"{}\"",
                            "1",
                            "true",
                            "{",
                            "}",
                            "{}x",
                            "{} {}",
                            "{}}",
                            "{\"a\"}",
                            "{\"a\":}",
                            "{\"a\": 1,}",
                            "{a: 1}",
                            "{'a': 1}",
                            "{\"a\": 01}",
                            "{\"a\": NaN}",
                            "{\"a\": Infinity}",
                            "{\"a\": -}",
                            "{\"a\": 1.}",
                            "{\"a\": .5}",
                            "{\"a\": \"\\x\"}",
                            "{\"a\": \"\\u12\"}",
                            "{\"a\": \"\\ud800\"}",
                            "{\"a\": tru}",
                            "{} // comment",
                            "/* c */ {}",
                            "{\"a\": \"\t\"}",
                            "{\"a\": \"\x01\"}",
                            "\xFF\xFE{\0}",
                            "{\"a\": \"x\"\x0b}"}) {
        CAPTURE(bad);
        CHECK_FALSE(JsonObjectInput::parse(bad).has_value());
    }
}

TEST_CASE("JsonObjectInput: NUL bytes are refused, even after a complete object") {
    CHECK_FALSE(JsonObjectInput::parse(std::string("{}\0", 3)).has_value());
    CHECK_FALSE(JsonObjectInput::parse(std::string("{}\0junk", 7)).has_value());
    CHECK_FALSE(JsonObjectInput::parse(std::string("{\"a\": \"x\0\"}", 11)).has_value());
    CHECK_FALSE(JsonObjectInput::parse(std::string("\0{}", 3)).has_value());
    // A view that stops before a closing brace must not see it.
    CHECK_FALSE(JsonObjectInput::parse(std::string_view("{}", 1)).has_value());
}

TEST_CASE("JsonObjectInput: invalid UTF-8 is refused") {
    for (const char* bad : {"{\"a\": \"\xFF\"}", "{\"\xC3\": 1}", "{\"a\": \"\xC0\xAF\"}",
                            "{\"a\": \"\xED\xA0\x80\"}", "{\"a\": \"\xF4\x90\x80\x80\"}",
                            "{\"a\": \"\xE2\x82\"}", "{\"a\": 1}\xC3\xA9", "\xC3\xA9{}"}) {
        CAPTURE(bad);
        CHECK_FALSE(JsonObjectInput::parse(bad).has_value());
    }
}

TEST_CASE("JsonObjectInput: nesting is limited to 64 levels, without recursion") {
    CHECK(JsonObjectInput::parse(nested(63)).has_value());  // the root object is level 1
    CHECK_FALSE(JsonObjectInput::parse(nested(64)).has_value());
    CHECK_FALSE(JsonObjectInput::parse(std::string(100000, '[')).has_value());
    CHECK_FALSE(JsonObjectInput::parse(std::string(100000, '{')).has_value());
    CHECK_FALSE(JsonObjectInput::parse(nested(100000)).has_value());
    std::string deep_objects;
    for (int i = 0; i < 100000; ++i) deep_objects += "{\"a\":";
    CHECK_FALSE(JsonObjectInput::parse(deep_objects).has_value());
    CHECK_FALSE(JsonObjectInput::parse("{\"a\": " + std::string(100000, '[')).has_value());
}

TEST_CASE("JsonObjectInput: numbers") {
    const auto input = JsonObjectInput::parse(
        R"({"a": 123456789012345678901234567890, "b": -9223372036854775809, "c": 1e308,
            "d": -1.5e-400, "e": 0, "f": -0.0, "g": 18446744073709551616})");
    REQUIRE(input);
    for (const char* name : {"a", "b", "c", "d", "e", "f", "g"}) {
        CHECK(input->field(name).kind == JsonField::Other);
    }
    // Python would accept these and give inf or a big int; RapidJSON cannot represent them,
    // so such a body is "Wrong format".
    CHECK_FALSE(JsonObjectInput::parse(R"({"a": 1e400})").has_value());
    CHECK_FALSE(JsonObjectInput::parse("{\"a\": 1" + std::string(400, '0') + "}").has_value());
}

TEST_CASE("JsonObjectInput: large and random bodies") {
    std::string many = "{";
    for (int i = 0; i < 20000; ++i) {
        many += "\"k" + std::to_string(i) + "\": \"v" + std::to_string(i) + "\",";
    }
    many += "\"last\": null}";
    const auto input = JsonObjectInput::parse(many);
    REQUIRE(input);
    CHECK(input->field("k19999").text == "v19999");
    CHECK(input->field("last").kind == JsonField::Null);

    const auto big = JsonObjectInput::parse("{\"s\": \"" + std::string(1 << 20, 'x') + "\"}");
    REQUIRE(big);
    CHECK(big->field("s").text.size() == (1u << 20));

    testing::RandomBytes random({"{", "}", "[", "]", "\"", "\"a\"", ":", ",", "1", "-", "e9",
                                 "null", "true", "\\u", "\\ud83d", "\\", " ", "\xC3\xA9"});
    for (int i = 0; i < 50000; ++i) (void)JsonObjectInput::parse(random.next());
}

}  // namespace
}  // namespace authapi
