#include "form_body.hpp"

#include "ascii_text.hpp"
#include "header_parameters.hpp"

namespace authapi {

FormFields parse_form_body(std::string_view content_type, std::string_view body) {
    const std::string_view media_type = header_main_value(content_type);
    if (ascii_equal_ignoring_case(media_type, "application/x-www-form-urlencoded")) {
        return parse_urlencoded(body);
    }
    if (ascii_equal_ignoring_case(media_type, "multipart/form-data")) {
        const std::optional<std::string> boundary = multipart_boundary(content_type);
        if (!boundary) return FormFields{};
        return parse_multipart(body, *boundary).value_or(FormFields{});
    }
    return FormFields{};
}

}  // namespace authapi
