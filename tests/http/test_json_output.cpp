#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "json_input.hpp"
#include "json_output.hpp"
#include "random_bytes.hpp"

namespace authapi {
namespace {

// Integers convert only when int64 holds every value of their type.
static_assert(std::is_convertible_v<std::int64_t, JsonValue>);
static_assert(std::is_convertible_v<std::uint32_t, JsonValue>);
static_assert(!std::is_convertible_v<std::uint64_t, JsonValue>);
static_assert(!std::is_convertible_v<char, JsonValue>);
// Nor do other types sneak in as bool.
static_assert(!std::is_convertible_v<double, JsonValue>);
static_assert(!std::is_convertible_v<const int*, JsonValue>);

// Every expected string below is Python 3.11's
// json.dumps(value, indent=2, sort_keys=True, ensure_ascii=True) + "\n".

JsonValue bob_session() {
    return JsonValue::Object{
        {"created_at", "2017-10-16 04:23:04"},
        {"email", "bobsession@hbbtn.io"},
        {"first_name", std::optional<std::string>()},
        {"id", "cf3dde1-ff24-49e4-a40b-2540333fe992"},
        {"last_name", nullptr},
        {"updated_at", "2017-10-16 04:23:04"},
    };
}

JsonValue bob_dylan() {
    return JsonValue::Object{
        {"updated_at", "2017-10-16 04:23:04"},
        {"last_name", std::optional<std::string>("Dylan")},
        {"id", "9375973a-68c7-46aa-b135-29f79e837495"},
        {"first_name", std::string("Bob")},
        {"email", std::string_view("bob@hbtn.io")},
        {"created_at", "2017-10-16 04:23:04"},
    };
}

constexpr std::string_view kTwoUsers = R"json([
  {
    "created_at": "2017-10-16 04:23:04",
    "email": "bobsession@hbbtn.io",
    "first_name": null,
    "id": "cf3dde1-ff24-49e4-a40b-2540333fe992",
    "last_name": null,
    "updated_at": "2017-10-16 04:23:04"
  },
  {
    "created_at": "2017-10-16 04:23:04",
    "email": "bob@hbtn.io",
    "first_name": "Bob",
    "id": "9375973a-68c7-46aa-b135-29f79e837495",
    "last_name": "Dylan",
    "updated_at": "2017-10-16 04:23:04"
  }
]
)json";

TEST_CASE("render_json: a user, as in the task transcript") {
    CHECK(render_json(bob_session()) == R"json({
  "created_at": "2017-10-16 04:23:04",
  "email": "bobsession@hbbtn.io",
  "first_name": null,
  "id": "cf3dde1-ff24-49e4-a40b-2540333fe992",
  "last_name": null,
  "updated_at": "2017-10-16 04:23:04"
}
)json");
    CHECK(render_json(JsonValue::Array{bob_session(), bob_dylan()}) == kTwoUsers);
}

TEST_CASE("render_json: small documents") {
    CHECK(render_json(JsonValue::Object{}) == "{}\n");
    CHECK(render_json(JsonValue::Array{}) == "[]\n");
    CHECK(render_json(JsonValue::Array{JsonValue::Object{{"a", 1}}}) ==
          "[\n  {\n    \"a\": 1\n  }\n]\n");
    CHECK(render_json(JsonValue::Object{{"status", "OK"}}) == "{\n  \"status\": \"OK\"\n}\n");
    CHECK(render_json(JsonValue::Object{{"users", std::int64_t{0}}}) == "{\n  \"users\": 0\n}\n");
    CHECK(render_json(JsonValue()) == "null\n");
    CHECK(render_json(nullptr) == "null\n");
    CHECK(render_json(true) == "true\n");
    CHECK(render_json(-42) == "-42\n");
    CHECK(render_json("s") == "\"s\"\n");
    CHECK(render_json(std::optional<std::string>()) == "null\n");
    CHECK(render_json(static_cast<const char*>(nullptr)) == "null\n");
}

TEST_CASE("render_json: nesting, booleans and the int64 range") {
    const JsonValue value = JsonValue::Object{
        {"a", JsonValue::Object{}},
        {"b", JsonValue::Array{}},
        // Wrapped: for Array{Array{}} GCC picks the initializer-list constructor and Clang the
        // copy constructor, so the unwrapped form means [[]] or [] depending on the compiler.
        {"c", JsonValue::Array{JsonValue(JsonValue::Array{})}},
        {"d", JsonValue::Array{1, JsonValue::Array{2, JsonValue::Object{}}}},
        {"e", true},
        {"f", false},
        {"g", std::numeric_limits<std::int64_t>::min()},
        {"h", std::numeric_limits<std::int64_t>::max()},
    };
    CHECK(render_json(value) == R"json({
  "a": {},
  "b": [],
  "c": [
    []
  ],
  "d": [
    1,
    [
      2,
      {}
    ]
  ],
  "e": true,
  "f": false,
  "g": -9223372036854775808,
  "h": 9223372036854775807
}
)json");
}

TEST_CASE("render_json: escapes like ensure_ascii") {
    const std::string text("\x7f\0\x1f\b\f\n\r\t\"\\/ \xC3\xA9\xF0\x9F\x98\x80", 18);
    CHECK(render_json(JsonValue::Object{{"a", text}}) ==
          R"json({
  "a": "\u007f\u0000\u001f\b\f\n\r\t\"\\/ \u00e9\ud83d\ude00"
}
)json");
}

TEST_CASE("render_json: keys sort in code point order") {
    const JsonValue value = JsonValue::Object{
        {"\xC3\xA9", 1}, {"z", 2}, {"A", 3}, {"", 4}, {"\xF0\x9F\x98\x80", 5}, {"\xEF\xBF\xBF", 6},
    };
    CHECK(render_json(value) == R"json({
  "": 4,
  "A": 3,
  "z": 2,
  "\u00e9": 1,
  "\uffff": 6,
  "\ud83d\ude00": 5
}
)json");
}

TEST_CASE("render_json: invalid UTF-8 becomes U+FFFD, as bytes.decode(errors='replace')") {
    const JsonValue value =
        JsonValue::Object{{"s", "\xE0\x80\xE2\x82x\xED\xA0\x80\xF4\x90\x80\x80\xC0\xAF\xFF"}};
    CHECK(render_json(value) == R"json({
  "s": "\ufffd\ufffd\ufffdx\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd"
}
)json");

    std::string all_bytes;
    for (int b = 0; b < 256; ++b) all_bytes += static_cast<char>(b);
    std::string expected =
        R"json("\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f)json"
        R"json(\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c)json"
        R"json(\u001d\u001e\u001f !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ)json"
        R"json([\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u007f)json";
    for (int i = 0; i < 128; ++i) expected += "\\ufffd";
    expected += "\"\n";
    CHECK(render_json(all_bytes) == expected);
}

TEST_CASE("json_error") {
    CHECK(json_error("Not found") == "{\n  \"error\": \"Not found\"\n}\n");
    CHECK(json_error("Wrong format") == render_json(JsonValue::Object{{"error", "Wrong format"}}));
    CHECK(json_error("caf\xC3\xA9 \"quoted\"\n") == R"json({
  "error": "caf\u00e9 \"quoted\"\n"
}
)json");
    CHECK(json_error("") == "{\n  \"error\": \"\"\n}\n");
}

TEST_CASE("JsonArrayStream produces the same bytes as rendering the whole array") {
    JsonArrayStream empty;
    CHECK(empty.begin() + empty.end() == "[]\n");

    JsonArrayStream two;
    std::string streamed = two.begin();
    streamed += two.element(bob_session());
    streamed += two.element(bob_dylan());
    streamed += two.end();
    CHECK(streamed == kTwoUsers);

    JsonValue::Array many;
    JsonArrayStream stream;
    streamed = stream.begin();
    for (int i = 0; i < 1000; ++i) {
        JsonValue element = i % 3 == 0   ? JsonValue(i)
                            : i % 3 == 1 ? JsonValue(JsonValue::Array{i, JsonValue::Object{}})
                                         : JsonValue(JsonValue::Object{{"n", i}, {"s", "x"}});
        streamed += stream.element(element);
        many.push_back(std::move(element));
    }
    streamed += stream.end();
    CHECK(streamed == render_json(many));

    // begin() starts over, so a stream object can be reused.
    streamed = stream.begin();
    streamed += stream.end();
    CHECK(streamed == "[]\n");
}

TEST_CASE("rendered strings always parse back, whatever the bytes") {
    testing::RandomBytes random({"\xC3\xA9", "\xF0\x9F\x98\x80", "\xED\xA0\x80", "\"", "\\", "\x7f",
                                 std::string(1, '\0'), "\xE2\x82"});
    for (int i = 0; i < 20000; ++i) {
        const std::string message = random.next();
        const std::string rendered = json_error(message);
        const auto parsed = JsonObjectInput::parse(rendered);
        REQUIRE(parsed);
        const JsonField error = parsed->field("error");
        CHECK(error.kind == JsonField::String);
        CHECK(error.text.size() <= message.size() * 3);
    }
}

}  // namespace
}  // namespace authapi
