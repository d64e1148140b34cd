#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authapi {

// A response decided by the API layer; the server writes it out.
struct ApiResponse {
    int status = 200;
    std::string body;  // JSON text (already rendered), or empty
    bool json = true;  // Content-Type: application/json
    std::vector<std::pair<std::string, std::string>> headers;
    // Set for a body too large to hold at once: each call appends the next
    // piece to `out` and returns false after the last one. The server sends
    // it chunked, one piece at a time, each once the previous one is written.
    std::function<bool(std::string& out)> body_pieces;

    ApiResponse& with_header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

ApiResponse json_response(int status, std::string body);
// {"error": "<message>"}
ApiResponse error_response(int status, std::string_view message);
// 429 {"error": "too many attempts"} with Retry-After.
ApiResponse too_many_attempts_response(std::int64_t retry_after_seconds);

}  // namespace authapi
