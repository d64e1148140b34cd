#pragma once

#include "api_request.hpp"
#include "api_response.hpp"
#include "cors.hpp"

namespace authapi {

// Cache-Control: no-store on every /api/v1 answer: they set or clear the
// session cookie, carry user data, or are too cheap to be worth caching;
// one rule leaves no route to forget.
inline void add_no_store(const ApiRequest& request, ApiResponse& response) {
    if (is_cors_path(request.path)) response.with_header("Cache-Control", "no-store");
}

}  // namespace authapi
