#include "session_row_key.hpp"

namespace authapi {

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::int64_t session_row_key(std::string_view token_hash) {
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < 16 && i < token_hash.size(); ++i) {
        const int digit = hex_digit(token_hash[i]);
        if (digit < 0) break;
        bits = bits << 4 | static_cast<std::uint64_t>(digit);
    }
    // Two's complement, as SQLite's signed rowids need; well defined (a
    // conversion, not an overflow) from C++20 and on every compiler before.
    return static_cast<std::int64_t>(bits);
}

}  // namespace authapi
