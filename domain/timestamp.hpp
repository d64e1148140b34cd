#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace authapi {

// "YYYY-MM-DD HH:MM:SS" in UTC: the task's transcripts and SQLite's datetime().
std::string format_timestamp(std::int64_t unix_seconds);
std::optional<std::int64_t> parse_timestamp(std::string_view text);

}  // namespace authapi
