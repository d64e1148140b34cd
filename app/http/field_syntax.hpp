#pragma once

#include <string_view>

namespace authapi {

// The character rules of HTTP fields (RFC 9110) and of the URI parts they
// carry (RFC 3986), shared by the request head parser and the response
// writer. Host values have their own parser (origin.hpp).

// A token: field names, methods, transfer codings. '@' is not a token
// character (the guard's internal field names use it for that reason).
bool is_token(std::string_view text);
// A field value (after trimming): visible characters, obs-text, SP and HTAB;
// never CR, LF, NUL or another control character.
bool is_field_value(std::string_view value);
// What a response may carry: a token name and a field value.
bool is_response_field(std::string_view name, std::string_view value);
// A request-target's path and query (RFC 3986): pchar, "/" and "?", with
// "%" always followed by two hex digits.
bool is_path_and_query(std::string_view text);
// Whether a comma-separated list of tokens (a Connection field's value)
// holds `token`, compared ignoring ASCII case: "keep-alive, Upgrade" holds
// "upgrade"; "x-close" does not hold "close".
bool lists_token(std::string_view list, std::string_view token);

}  // namespace authapi
