#pragma once

#include <string_view>

namespace authapi {

// The character rules of HTTP fields (RFC 9110) and of the URI parts they
// carry (RFC 3986), shared by the request head parser, the response writer
// and the origin checks.

// A token: field names, methods, transfer codings. '@' is not a token
// character (the guard's internal field names use it for that reason).
bool is_token(std::string_view text);
// A field value (after trimming): visible characters, obs-text, SP and HTAB;
// never CR, LF, NUL or another control character.
bool is_field_value(std::string_view value);
// What a response may carry: a token name and a field value.
bool is_response_field(std::string_view name, std::string_view value);
// Only the RFC 3986 characters of `part`, and "%" HEXDIG HEXDIG: a reg-name
// (unreserved, sub-delims), or a path with its query (pchar, "/", "?").
enum class UriPart { RegName, PathAndQuery };
bool is_uri_part(std::string_view text, UriPart part);
// uri-host [ ":" port ], as in a Host field or an origin (empty is valid
// for Host: RFC 9112, 3.2).
bool is_host_and_port(std::string_view text);

}  // namespace authapi
