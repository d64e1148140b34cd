#include "json_body.hpp"

#include <algorithm>
#include <regex>

namespace authapi::e2e {

namespace {

std::optional<std::string> nullable_string(const rapidjson::Value& object, const char* key,
                                           bool& ok) {
    const auto member = object.FindMember(key);
    if (member == object.MemberEnd()) {
        ok = false;
        return std::nullopt;
    }
    if (member->value.IsNull()) return std::nullopt;
    if (!member->value.IsString()) {
        ok = false;
        return std::nullopt;
    }
    return std::string(member->value.GetString(), member->value.GetStringLength());
}

}  // namespace

const char* const kUserKeys = "created_at,email,first_name,id,last_name,updated_at";

rapidjson::Document parse_json(const std::string& text) {
    rapidjson::Document document;
    document.Parse(text.c_str(), text.size());
    return document;
}

std::string error_of(const Response& response) {
    const rapidjson::Document document = parse_json(response.body);
    if (!document.HasParseError() && document.IsObject() && document.MemberCount() == 1) {
        const auto error = document.FindMember("error");
        if (error != document.MemberEnd() && error->value.IsString()) {
            return std::string(error->value.GetString(), error->value.GetStringLength());
        }
    }
    return "<not an error body: " + response.body.substr(0, 300) + ">";
}

bool is_empty_object(const Response& response) {
    const rapidjson::Document document = parse_json(response.body);
    return !document.HasParseError() && document.IsObject() && document.MemberCount() == 0;
}

bool is_error_body(const Response& response) {
    return error_of(response).rfind("<not an error body", 0) != 0;
}

std::string text_member(const Response& response, const char* key) {
    const rapidjson::Document document = parse_json(response.body);
    if (document.HasParseError() || !document.IsObject()) return "<not a JSON object>";
    const auto member = document.FindMember(key);
    if (member == document.MemberEnd()) return std::string("<no member ") + key + ">";
    if (!member->value.IsString()) return std::string("<member ") + key + " is not a string>";
    return std::string(member->value.GetString(), member->value.GetStringLength());
}

std::optional<long long> int_member(const Response& response, const char* key) {
    const rapidjson::Document document = parse_json(response.body);
    if (document.HasParseError() || !document.IsObject()) return std::nullopt;
    const auto member = document.FindMember(key);
    if (member == document.MemberEnd() || !member->value.IsInt64()) return std::nullopt;
    return member->value.GetInt64();
}

std::optional<UserJson> user_from(const rapidjson::Value& value) {
    if (!value.IsObject()) return std::nullopt;
    UserJson user;
    std::vector<std::string> keys;
    for (const auto& member : value.GetObject()) keys.emplace_back(member.name.GetString());
    std::sort(keys.begin(), keys.end());
    for (const auto& key : keys) user.keys += (user.keys.empty() ? "" : ",") + key;
    bool ok = true;
    user.id = nullable_string(value, "id", ok).value_or("<null>");
    user.email = nullable_string(value, "email", ok);
    user.first_name = nullable_string(value, "first_name", ok);
    user.last_name = nullable_string(value, "last_name", ok);
    user.created_at = nullable_string(value, "created_at", ok).value_or("<null>");
    user.updated_at = nullable_string(value, "updated_at", ok).value_or("<null>");
    // A missing or mistyped field shows up in `keys` or in the values checked.
    return user;
}

std::optional<UserJson> user_of(const Response& response) {
    const rapidjson::Document document = parse_json(response.body);
    if (document.HasParseError()) return std::nullopt;
    return user_from(document);
}

std::optional<std::vector<UserJson>> users_of(const Response& response) {
    const rapidjson::Document document = parse_json(response.body);
    if (document.HasParseError() || !document.IsArray()) return std::nullopt;
    std::vector<UserJson> users;
    for (const auto& element : document.GetArray()) {
        auto user = user_from(element);
        if (!user) return std::nullopt;
        users.push_back(std::move(*user));
    }
    return users;
}

bool is_timestamp(const std::string& text) {
    static const std::regex pattern(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})");
    return std::regex_match(text, pattern);
}

bool is_uuid4(const std::string& text) {
    static const std::regex pattern(
        "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    return std::regex_match(text, pattern);
}

bool is_session_token(const std::string& text) {
    static const std::regex pattern("[A-Za-z0-9_-]{43}");
    return std::regex_match(text, pattern);
}

}  // namespace authapi::e2e
