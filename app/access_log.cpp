#include "access_log.hpp"

namespace authapi {

std::string printable(std::string_view bytes) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size());
    for (unsigned char c : bytes) {
        if (c < 0x20 || c >= 0x7f || c == '\\') {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

void AccessLog::request(std::string_view method, std::string_view path, int status,
                        long long microseconds) const {
    const std::string line = std::string(method) + " " + printable(path) + " " +
                             std::to_string(status) + " " + std::to_string(microseconds) + "us\n";
    // One write per line, so lines from several threads never interleave.
    std::fwrite(line.data(), 1, line.size(), out_);
}

void AccessLog::error(std::string_view method, std::string_view path, std::string_view what) const {
    const std::string line =
        "error: " + std::string(method) + " " + printable(path) + ": " + printable(what) + "\n";
    std::fwrite(line.data(), 1, line.size(), out_);
}

void AccessLog::refused(int status, std::string_view reason) const {
    const std::string line =
        "- - " + std::to_string(status) + " 0us refused: " + std::string(reason) + "\n";
    std::fwrite(line.data(), 1, line.size(), out_);
}

}  // namespace authapi
