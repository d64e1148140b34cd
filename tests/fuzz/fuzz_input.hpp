#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

namespace authapi::fuzz {

// libFuzzer hands one flat byte string; targets that need two inputs (a
// header and a body, a cookie name and a header) split it at the first
// newline, so the seed files stay readable.
inline std::pair<std::string_view, std::string_view> split_first_line(const std::uint8_t* data,
                                                                      std::size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = all.find('\n');
    if (newline == std::string_view::npos) return {std::string_view(), all};
    return {all.substr(0, newline), all.substr(newline + 1)};
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace authapi::fuzz
