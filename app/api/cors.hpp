#pragma once

#include <optional>
#include <string_view>

#include "api/origin_policy.hpp"
#include "api_request.hpp"
#include "api_response.hpp"

namespace authapi {

// flask-cors with resources={r"/api/v1/*": {"origins": "*"}}: the rule
// matches, case-insensitively, every path that starts with /api/v1.
bool is_cors_path(std::string_view path);

// CORS answers. An origin listed in ALLOWED_ORIGINS gets itself back with
// Access-Control-Allow-Credentials: true (a single-page app there can use
// the session cookie), and its preflights are answered at once, before the
// auth gate: a preflight never carries credentials. Every other origin gets
// Access-Control-Allow-Origin: * and no credentials, so a foreign page can
// read public answers but never with the user's cookie.
class CorsPolicy {
public:
    CorsPolicy() = default;  // no origin listed
    explicit CorsPolicy(OriginPolicy origins) : origins_(std::move(origins)) {}

    // The answer to a preflight from a listed origin (204), else nullopt.
    std::optional<ApiResponse> preflight(const ApiRequest& request) const;
    // The CORS headers of an answer on a CORS path.
    void add_headers(const ApiRequest& request, ApiResponse& response) const;

private:
    OriginPolicy origins_;
};

}  // namespace authapi
