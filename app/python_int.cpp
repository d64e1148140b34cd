#include "python_int.hpp"

#include <limits>

namespace authapi {

namespace {
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
}  // namespace

std::optional<std::int64_t> parse_python_int(std::string_view text) {
    return read_python_int(text).value;
}

PythonInt read_python_int(std::string_view text) {
    PythonInt result;
    std::size_t begin = 0, end = text.size();
    while (begin < end && is_space(text[begin])) ++begin;
    while (end > begin && is_space(text[end - 1])) --end;
    if (begin == end) return result;

    bool negative = false;
    if (text[begin] == '+' || text[begin] == '-') {
        negative = text[begin] == '-';
        ++begin;
    }
    if (begin == end) return result;

    // Magnitude accumulated as unsigned so that INT64_MIN parses.
    const std::uint64_t limit =
        negative ? static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1
                 : static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    std::uint64_t value = 0;
    bool previous_was_digit = false;
    for (std::size_t i = begin; i < end; ++i) {
        const char c = text[i];
        if (c == '_') {
            // Python allows '_' only between two digits.
            if (!previous_was_digit || i + 1 == end || text[i + 1] < '0' || text[i + 1] > '9') {
                return PythonInt{};
            }
            previous_was_digit = false;
            continue;
        }
        if (c < '0' || c > '9') return PythonInt{};
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (limit - digit) / 10) result.out_of_range = true;
        if (!result.out_of_range) value = value * 10 + digit;
        previous_was_digit = true;
    }
    result.negative = negative;
    if (result.out_of_range) return result;
    if (negative) {
        result.value = value == limit ? std::numeric_limits<std::int64_t>::min()
                                      : -static_cast<std::int64_t>(value);
    } else {
        result.value = static_cast<std::int64_t>(value);
    }
    return result;
}

}  // namespace authapi
