#pragma once

#include <string>
#include <string_view>

namespace authapi {

// `text` as it may be printed to a terminal or a log line: every character
// that could move the cursor, start an escape sequence or fake a line comes
// out as a visible escape, the rest as it is.
//   \n \r \t, and \\ for a backslash (so an escape is never ambiguous)
//   \xHH  other C0 controls, DEL, and bytes that are not UTF-8
//   \uHHHH C1 controls (U+0080..U+009F), bidirectional overrides and
//          isolates (U+202A..U+202E, U+2066..U+2069), line and paragraph
//          separators (U+2028, U+2029)
std::string visible_text(std::string_view text);

// How many characters (code points) visible_text(text) shows, for column
// widths; `text` must be the output of visible_text.
std::size_t visible_width(std::string_view text);

}  // namespace authapi
