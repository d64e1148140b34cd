#include "json_line.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace authapi {

namespace {

void append_escaped(std::string& out, std::string_view bytes) {
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (unsigned char c : bytes) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c >= 0x7f) {
            // Non-ASCII too: the line stays valid JSON whatever the bytes were.
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

}  // namespace

void JsonLine::key(std::string_view name) {
    if (text_.size() > 1) text_ += ',';
    append_escaped(text_, name);
    text_ += ':';
}

JsonLine& JsonLine::add(std::string_view name, std::string_view value) {
    key(name);
    append_escaped(text_, value);
    return *this;
}

JsonLine& JsonLine::add(std::string_view name, std::int64_t value) {
    key(name);
    text_ += std::to_string(value);
    return *this;
}

JsonLine& JsonLine::add_if(std::string_view name, std::string_view value) {
    if (!value.empty()) add(name, value);
    return *this;
}

std::string utc_now_iso8601() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];  // room for any int the compiler can imagine
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(millis));
    return text;
}

}  // namespace authapi
