#include "request_body.hpp"

#include "http/ascii_text.hpp"
#include "http/header_parameters.hpp"

namespace authapi {

bool is_json_content_type(const std::optional<std::string>& content_type) {
    if (!content_type) return false;
    const std::string_view media = header_main_value(*content_type);
    constexpr std::string_view prefix = "application/";
    constexpr std::string_view suffix = "+json";
    return ascii_equal_ignoring_case(media, "application/json") ||
           (media.size() > prefix.size() + suffix.size() &&
            ascii_equal_ignoring_case(media.substr(0, prefix.size()), prefix) &&
            ascii_equal_ignoring_case(media.substr(media.size() - suffix.size()), suffix));
}

std::optional<JsonObjectInput> json_body(const ApiRequest& request) {
    if (!is_json_content_type(request.content_type)) return std::nullopt;
    return JsonObjectInput::parse(request.body);
}

std::optional<std::string> string_field(const JsonObjectInput& body, const char* name,
                                        bool& wrong_type) {
    const JsonField field = body.field(name);
    if (field.kind == JsonField::String) return field.text;
    if (field.kind == JsonField::Other) wrong_type = true;
    return std::nullopt;
}

}  // namespace authapi
