#include "cors.hpp"

#include "http/ascii_text.hpp"
#include "http/origin.hpp"

namespace authapi {

bool is_cors_path(std::string_view path) {
    constexpr std::string_view prefix = "/api/v1";
    return ascii_equal_ignoring_case(path.substr(0, prefix.size()), prefix);
}

// flask-cors with origins="*": the origin is echoed when the client sent
// one, but only a well-formed one: anything else a header can carry is never
// copied into ours ("*" then).
void add_cors_headers(const ApiRequest& request, ApiResponse& response) {
    if (request.origin && is_serialized_origin(*request.origin)) {
        response.with_header("Access-Control-Allow-Origin", *request.origin);
    } else {
        response.with_header("Access-Control-Allow-Origin", "*");
    }
    if (request.origin) response.with_header("Vary", "Origin");
    if (request.method == "OPTIONS" && request.cors_request_method) {
        response.with_header("Access-Control-Allow-Methods",
                             "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
        if (request.cors_request_headers) {
            response.with_header("Access-Control-Allow-Headers", *request.cors_request_headers);
        }
    }
}

}  // namespace authapi
