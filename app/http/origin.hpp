#pragma once

#include <string_view>

namespace authapi {

// A serialised origin as browsers send it in `Origin` (RFC 6454, 6.2):
// scheme "://" host [ ":" port ], with no path, no userinfo, no whitespace.
// "null" (an opaque origin) is not one. Only such a value may be echoed into
// a response header.
bool is_serialized_origin(std::string_view text);

}  // namespace authapi
