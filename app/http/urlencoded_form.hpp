#pragma once

#include <optional>
#include <string_view>

#include "form_fields.hpp"

namespace authapi {

// application/x-www-form-urlencoded: split on '&' (empty pieces skipped, as Werkzeug does),
// then on the first '='; a piece without '=' is a field with value "". '+' is a space and
// %XX is decoded in names and values (a bad escape stays as written).
FormFields parse_urlencoded(std::string_view body);

}  // namespace authapi
