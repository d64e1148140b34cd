#include "multipart_form.hpp"

#include <utility>

#include "ascii_text.hpp"
#include "header_parameters.hpp"

namespace authapi {

namespace {

constexpr auto npos = std::string_view::npos;
constexpr std::size_t kMaxBoundaryLength = 70;  // RFC 2046 section 5.1.1

struct DelimiterLine {
    std::size_t next;  // first byte after the line
    bool closing;      // "--boundary--"
};

std::optional<DelimiterLine> delimiter_line_at(std::string_view body, std::size_t pos,
                                               std::string_view dash_boundary) {
    if (body.substr(pos, dash_boundary.size()) != dash_boundary) return std::nullopt;
    std::size_t p = pos + dash_boundary.size();
    const bool closing = body.substr(p, 2) == "--";
    if (closing) p += 2;
    // RFC 2046 allows transport padding (blanks) before the line break. Anything else means
    // the line only starts like a delimiter and is content, as in Werkzeug.
    while (p < body.size() && is_space_or_tab(body[p])) ++p;
    if (p == body.size()) {
        if (closing) return DelimiterLine{p, true};
        return std::nullopt;
    }
    if (body[p] == '\n') return DelimiterLine{p + 1, closing};
    if (body[p] == '\r' && p + 1 < body.size() && body[p + 1] == '\n') {
        return DelimiterLine{p + 2, closing};
    }
    return std::nullopt;
}

struct FoundDelimiter {
    std::size_t content_end;  // where the preceding content stops (its line break excluded)
    DelimiterLine line;
};

// Finds the first delimiter line whose leading '\n' is at or after `from`.
std::optional<FoundDelimiter> find_delimiter(std::string_view body, std::size_t from,
                                             std::string_view newline_dash_boundary) {
    while (true) {
        const std::size_t newline = body.find(newline_dash_boundary, from);
        if (newline == npos) return std::nullopt;
        if (auto line = delimiter_line_at(body, newline + 1, newline_dash_boundary.substr(1))) {
            const bool crlf = newline > 0 && body[newline - 1] == '\r';
            return FoundDelimiter{crlf ? newline - 1 : newline, *line};
        }
        from = newline + 1;
    }
}

struct PartHeaders {
    std::size_t content_start = 0;
    std::string disposition;  // empty when absent
};

// Reads header lines from `pos` up to and including the empty line. nullopt when the body
// ends first.
std::optional<PartHeaders> read_part_headers(std::string_view body, std::size_t pos) {
    PartHeaders headers;
    bool have_disposition = false;
    bool last_was_disposition = false;
    while (true) {
        const std::size_t newline = body.find('\n', pos);
        if (newline == npos) return std::nullopt;
        std::string_view line = body.substr(pos, newline - pos);
        pos = newline + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) break;

        if (is_space_or_tab(line.front())) {
            // Obsolete line folding: the line continues the previous header.
            if (last_was_disposition) {
                headers.disposition += ' ';
                headers.disposition += trim_spaces_and_tabs(line);
            }
            continue;
        }
        last_was_disposition = false;
        const std::size_t colon = line.find(':');
        if (colon == npos) continue;  // Werkzeug ignores such lines too
        if (!have_disposition &&
            ascii_equal_ignoring_case(trim_spaces_and_tabs(line.substr(0, colon)),
                                      "Content-Disposition")) {
            headers.disposition = std::string(trim_spaces_and_tabs(line.substr(colon + 1)));
            have_disposition = true;
            last_was_disposition = true;
        }
    }
    headers.content_start = pos;
    return headers;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    std::optional<std::string> boundary = find_header_parameter(content_type, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > kMaxBoundaryLength) {
        return std::nullopt;
    }
    for (const char c : *boundary) {
        if (c < ' ' || c > '~') return std::nullopt;
    }
    if (boundary->back() == ' ') return std::nullopt;
    return boundary;
}

std::optional<FormFields> parse_multipart(std::string_view body, std::string_view boundary) {
    if (boundary.empty()) return std::nullopt;
    const std::string newline_dash_boundary = "\n--" + std::string(boundary);
    const std::string_view dash_boundary = std::string_view(newline_dash_boundary).substr(1);

    // The first delimiter may open the body; otherwise it follows a preamble.
    std::optional<DelimiterLine> line = delimiter_line_at(body, 0, dash_boundary);
    if (!line) {
        const auto found = find_delimiter(body, 0, newline_dash_boundary);
        if (!found) return std::nullopt;
        line = found->line;
    }

    FormFields fields;
    while (!line->closing) {
        const std::optional<PartHeaders> headers = read_part_headers(body, line->next);
        if (!headers) return std::nullopt;
        // Start one byte early: in "...\r\n\r\n--boundary" the empty line's break is also the
        // delimiter's, and the part is empty (content_start is never 0 here).
        const auto found = find_delimiter(body, headers->content_start - 1, newline_dash_boundary);
        if (!found) return std::nullopt;

        const std::optional<std::string> name = find_header_parameter(headers->disposition, "name");
        const bool is_file = find_header_parameter(headers->disposition, "filename").has_value() ||
                             find_header_parameter(headers->disposition, "filename*").has_value();
        if (name && !is_file) {
            const std::size_t start = headers->content_start;
            const std::size_t end = found->content_end > start ? found->content_end : start;
            fields.add(*name, std::string(body.substr(start, end - start)));
        }
        line = found->line;
    }
    return fields;
}

}  // namespace authapi
