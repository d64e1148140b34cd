#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace authapi {

// A JSON document to render. Objects are std::map so keys come out sorted bytewise, which for
// UTF-8 is code point order: the order of Python's sort_keys.
// To put one array directly inside another, write Array{JsonValue(Array{...})}: for a bare
// Array{Array{...}} GCC and Clang pick different constructors (nested array vs copy).
class JsonValue {
public:
    using Object = std::map<std::string, JsonValue, std::less<>>;
    using Array = std::vector<JsonValue>;
    using Data = std::variant<std::nullptr_t, bool, std::int64_t, std::string, Object, Array>;

    JsonValue() noexcept : data_(nullptr) {}
    JsonValue(std::nullptr_t) noexcept : data_(nullptr) {}
    // A template, so that only a real bool gets here: a plain bool parameter would also take
    // doubles, pointers and uint64 through implicit conversions and render them as true.
    template <typename Bool, std::enable_if_t<std::is_same_v<Bool, bool>, int> = 0>
    JsonValue(Bool value) noexcept : data_(std::in_place_type<bool>, value) {}
    // Any integer that fits int64 without loss. Unsigned 64-bit and char are left out on
    // purpose: the first could wrap silently, the second is rarely meant as a number.
    template <
        typename Integer,
        std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool> &&
                             !std::is_same_v<Integer, char> &&
                             (std::is_signed_v<Integer> || sizeof(Integer) < sizeof(std::int64_t)),
                         int> = 0>
    JsonValue(Integer value) noexcept : data_(static_cast<std::int64_t>(value)) {}
    // A string literal would otherwise be ambiguous between std::string and std::string_view.
    JsonValue(const char* text);
    JsonValue(std::string_view text) : data_(std::string(text)) {}
    JsonValue(std::string text) noexcept : data_(std::move(text)) {}
    // Nullable text columns (first_name, last_name) render as null or a string.
    JsonValue(const std::optional<std::string>& text);
    JsonValue(Object object) : data_(std::move(object)) {}
    JsonValue(Array array) : data_(std::move(array)) {}

    const Data& data() const noexcept { return data_; }

private:
    Data data_;
};

// Python's json.dumps(value, indent=2, sort_keys=True, ensure_ascii=True) plus one "\n".
// Bytes of strings that are not valid UTF-8 become \ufffd, so the output is always JSON.
std::string render_json(const JsonValue& value);

// {"error": message}, rendered as render_json would.
std::string json_error(std::string_view message);

// Renders an array one element at a time, so a long list never has to be held in memory;
// begin() + element()... + end() is byte-for-byte render_json(JsonValue::Array{...}).
class JsonArrayStream {
public:
    std::string begin();
    std::string element(const JsonValue& value);
    std::string end();

private:
    std::size_t count_ = 0;
};

}  // namespace authapi
