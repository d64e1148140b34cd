#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

#include "http_client.hpp"

namespace authapi::e2e {

// RapidJSON's parse of `text`: check HasParseError() before use.
rapidjson::Document parse_json(const std::string& text);

// The message of an {"error": "<message>"} body (that one key only); for any
// other body, a "<not an error body: ...>" text that no test expects.
std::string error_of(const Response& response);

// True for a body that is exactly the empty JSON object.
bool is_empty_object(const Response& response);
// True for an {"error": "<any message>"} body.
bool is_error_body(const Response& response);

// The string member `key` of a JSON object body, or a "<...>" text saying
// why there is none.
std::string text_member(const Response& response, const char* key);
// The integer member `key` of a JSON object body.
std::optional<long long> int_member(const Response& response, const char* key);

// One user as the API shows it. Null fields are nullopt.
struct UserJson {
    std::string keys;  // every key, sorted and comma-separated
    std::string id;
    std::optional<std::string> email;
    std::optional<std::string> first_name;
    std::optional<std::string> last_name;
    std::string created_at;
    std::string updated_at;
};

// "created_at,email,first_name,id,last_name,updated_at": the six public keys.
extern const char* const kUserKeys;

std::optional<UserJson> user_from(const rapidjson::Value& value);
// The user in the body, or nullopt when the body is not a JSON object.
std::optional<UserJson> user_of(const Response& response);
// The users of a JSON array body, or nullopt when it is not an array of objects.
std::optional<std::vector<UserJson>> users_of(const Response& response);

// "YYYY-MM-DD HH:MM:SS" (spec A1).
bool is_timestamp(const std::string& text);
// Lower-case uuid4, 8-4-4-4-12.
bool is_uuid4(const std::string& text);
// 43 characters of URL-safe base64 without padding (a 256-bit session token).
bool is_session_token(const std::string& text);

}  // namespace authapi::e2e
