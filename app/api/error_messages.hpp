#pragma once

#include <string_view>

#include "api_response.hpp"
#include "user_service.hpp"

namespace authapi {

// Every error the API answers with itself: a status and {"error": "<text>"}.
// The texts are the task's, to the byte (the e2e suites compare them with
// its transcripts); error_messages.cpp is the only place they are written.
// (A request refused before it is parsed gets the request head parser's
// answer, app/http/request_head_parser.*.)
enum class ApiError {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    TooManyAttempts,
    InternalServerError,
    ServiceUnavailable,
    WrongFormat,
    EmailMissing,
    PasswordMissing,
    PasswordTooLong,
    CurrentPasswordMissing,
    NewPasswordMissing,
    EmailAlreadyExists,
    NoUserForEmail,
    WrongPassword,
    WrongEmailOrPassword,
};

struct ApiErrorText {
    int status;
    std::string_view text;
};

ApiErrorText error_text(ApiError error);
ApiResponse error_response(ApiError error);

// The answer to input the domain refused.
ApiError api_error(InputError error);
// The answer to a refused password check (never Ok). With AUTH_STRICT
// (`strict`) an unknown email and a wrong password get the same one.
ApiError api_error(CredentialCheck refusal, bool strict);

}  // namespace authapi
