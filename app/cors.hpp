#pragma once

#include <string_view>

#include "api_request.hpp"
#include "api_response.hpp"

namespace authapi {

// flask-cors with resources={r"/api/v1/*": {"origins": "*"}}: the rule
// matches, case-insensitively, every path that starts with /api/v1.
bool is_cors_path(std::string_view path);

// Access-Control-Allow-Origin (echoing the Origin when it is a serialised
// origin, with Vary: Origin), plus the preflight answers to an OPTIONS request.
void add_cors_headers(const ApiRequest& request, ApiResponse& response);

}  // namespace authapi
