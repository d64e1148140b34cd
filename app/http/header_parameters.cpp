#include "header_parameters.hpp"

#include "ascii_text.hpp"

namespace authapi {

namespace {

constexpr auto npos = std::string_view::npos;

// Scans the quoted-string whose opening quote is at `open`; returns the index of the closing
// quote, or npos when the string is unterminated. Appends the unescaped content to `out`
// when given.
std::size_t scan_quoted_string(std::string_view text, std::size_t open, std::string* out) {
    for (std::size_t i = open + 1; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') return i;
        if (c == '\\') {
            if (i + 1 == text.size()) return npos;
            c = text[++i];
        }
        if (out != nullptr) *out += c;
    }
    return npos;
}

}  // namespace

std::string_view header_main_value(std::string_view header_value) noexcept {
    return trim_spaces_and_tabs(header_value.substr(0, header_value.find(';')));
}

std::optional<std::string> find_header_parameter(std::string_view header_value,
                                                 std::string_view name) {
    std::size_t pos = header_value.find(';');
    while (pos != npos && pos < header_value.size()) {
        ++pos;  // past the ';'
        const std::size_t stop = header_value.find_first_of("=;", pos);
        if (stop == npos) return std::nullopt;
        if (header_value[stop] == ';') {
            pos = stop;
            continue;
        }
        const bool wanted = ascii_equal_ignoring_case(
            trim_spaces_and_tabs(header_value.substr(pos, stop - pos)), name);
        std::size_t value_start = stop + 1;
        while (value_start < header_value.size() && is_space_or_tab(header_value[value_start])) {
            ++value_start;
        }
        if (value_start < header_value.size() && header_value[value_start] == '"') {
            std::string unquoted;
            const std::size_t close =
                scan_quoted_string(header_value, value_start, wanted ? &unquoted : nullptr);
            if (close == npos) return std::nullopt;
            if (wanted) return unquoted;
            // Anything between the closing quote and the next ';' is junk; skip it.
            pos = header_value.find(';', close + 1);
            continue;
        }
        const std::size_t end = header_value.find(';', value_start);
        if (wanted) {
            return std::string(trim_spaces_and_tabs(
                header_value.substr(value_start, end == npos ? npos : end - value_start)));
        }
        pos = end;
    }
    return std::nullopt;
}

}  // namespace authapi
