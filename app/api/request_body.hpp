#pragma once

#include <optional>
#include <string>

#include "api_request.hpp"
#include "http/json_input.hpp"

namespace authapi {

// Flask 1.1's request.get_json(): only application/json (or +json) bodies.
bool is_json_content_type(const std::optional<std::string>& content_type);

// The body as a JSON object, or nullopt when it is not JSON or not an object.
std::optional<JsonObjectInput> json_body(const ApiRequest& request);

// A string field, or nullopt for absent / null / empty; other types are
// reported through `wrong_type`.
std::optional<std::string> string_field(const JsonObjectInput& body, const char* name,
                                        bool& wrong_type);

}  // namespace authapi
