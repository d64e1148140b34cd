#include "api_response.hpp"

#include "api/error_messages.hpp"
#include "http/json_output.hpp"

namespace authapi {

ApiResponse json_response(int status, std::string body) {
    ApiResponse response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

ApiResponse error_response(int status, std::string_view message) {
    return json_response(status, json_error(message));
}

ApiResponse too_many_attempts_response(std::int64_t retry_after_seconds) {
    return error_response(ApiError::TooManyAttempts)
        .with_header("Retry-After", std::to_string(retry_after_seconds));
}

}  // namespace authapi
