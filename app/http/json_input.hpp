#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace authapi {

// How deeply objects and arrays may nest in any JSON auth-api reads (request
// bodies, imported files). Parsers refuse deeper input before building it.
inline constexpr int kMaxJsonDepth = 64;

// What a request body says about one top-level member.
struct JsonField {
    enum Kind { Absent, Null, String, Other };
    Kind kind = Absent;
    std::string text;  // the decoded string for String (it may hold NUL); empty otherwise
};

// A request body that parsed as a JSON object. Only top-level members are kept: the API never
// looks deeper. Duplicate keys: the last wins, as with Python's json.
class JsonObjectInput {
public:
    // nullopt (the API's 400 "Wrong format") unless the body is one JSON object in strict
    // UTF-8, nested at most kMaxJsonDepth levels deep. A leading UTF-8 BOM is skipped, as Flask's
    // encoding detection does. Numbers beyond the range of a double are rejected (Python
    // would accept them); NaN and Infinity literals are rejected too.
    static std::optional<JsonObjectInput> parse(std::string_view body);

    JsonField field(std::string_view name) const;

private:
    std::map<std::string, JsonField, std::less<>> fields_;
};

}  // namespace authapi
