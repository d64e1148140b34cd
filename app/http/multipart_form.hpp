#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "form_fields.hpp"

namespace authapi {

// The `boundary` parameter of a multipart Content-Type (parameter name case-insensitive,
// quoted or not). nullopt unless it is 1..70 printable ASCII characters not ending in a space.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// multipart/form-data (RFC 7578 / RFC 2046) with CRLF or bare LF line breaks. Text before the
// first delimiter and after the closing one is ignored. A part's value is its body without
// the line break that precedes the next delimiter. Parts without a `name` parameter are
// skipped, and so are file parts (with `filename` or `filename*`), because Werkzeug puts
// those in request.files, not request.form. `name*` (RFC 5987) is not a name: RFC 7578
// section 4.2 forbids it. nullopt when there is no delimiter, a part's headers never end,
// or the closing delimiter is missing.
std::optional<FormFields> parse_multipart(std::string_view body, std::string_view boundary);

}  // namespace authapi
