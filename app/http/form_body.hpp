#pragma once

#include <optional>
#include <string_view>

#include "form_fields.hpp"
#include "multipart_form.hpp"
#include "urlencoded_form.hpp"

namespace authapi {

// request.form for a body: the media type (case-insensitive, parameters ignored) picks the
// decoder. application/x-www-form-urlencoded and multipart/form-data are decoded; any other or
// a missing Content-Type gives empty fields, as Flask does, so login then reports
// "email missing". A malformed multipart body (or a multipart Content-Type without a usable
// boundary) also gives empty fields, as Flask does.
FormFields parse_form_body(std::string_view content_type, std::string_view body);

}  // namespace authapi
