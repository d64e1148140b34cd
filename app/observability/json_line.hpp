#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace authapi {

// One JSON object on one line, fields in the order added, every string
// escaped (control bytes, quotes, invalid UTF-8): a log line a client's
// bytes cannot break or forge.
class JsonLine {
public:
    JsonLine& add(std::string_view key, std::string_view value);
    JsonLine& add(std::string_view key, std::int64_t value);
    // Adds nothing when `value` is empty.
    JsonLine& add_if(std::string_view key, std::string_view value);
    // The object and a newline.
    std::string str() const { return text_ + "}\n"; }

private:
    void key(std::string_view name);
    std::string text_ = "{";
};

// "2026-11-28T15:04:05.123Z": now, UTC, milliseconds.
std::string utc_now_iso8601();

}  // namespace authapi
