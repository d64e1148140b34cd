#include "api/error_messages.hpp"

namespace authapi {

ApiErrorText error_text(ApiError error) {
    switch (error) {
        case ApiError::BadRequest:
            return {400, "Bad Request"};
        case ApiError::Unauthorized:
            return {401, "Unauthorized"};
        case ApiError::Forbidden:
            return {403, "Forbidden"};
        case ApiError::NotFound:
            return {404, "Not found"};
        case ApiError::MethodNotAllowed:
            return {405, "Method Not Allowed"};
        case ApiError::TooManyAttempts:
            return {429, "too many attempts"};
        case ApiError::InternalServerError:
            return {500, "Internal Server Error"};
        case ApiError::ServiceUnavailable:
            return {503, "Service Unavailable"};
        case ApiError::WrongFormat:
            return {400, "Wrong format"};
        case ApiError::EmailMissing:
            return {400, "email missing"};
        case ApiError::PasswordMissing:
            return {400, "password missing"};
        case ApiError::PasswordTooLong:
            return {400, "password too long"};
        case ApiError::CurrentPasswordMissing:
            return {400, "current_password missing"};
        case ApiError::NewPasswordMissing:
            return {400, "new_password missing"};
        case ApiError::EmailAlreadyExists:
            return {400, "Can't create User: email already exists"};
        case ApiError::NoUserForEmail:
            return {404, "no user found for this email"};
        case ApiError::WrongPassword:
            return {401, "wrong password"};
        case ApiError::WrongEmailOrPassword:
            return {401, "wrong email or password"};
    }
    return {500, "Internal Server Error"};
}

ApiResponse error_response(ApiError error) {
    const ApiErrorText text = error_text(error);
    return error_response(text.status, text.text);
}

ApiError api_error(InputError error) {
    switch (error) {
        case InputError::EmailMissing:
            return ApiError::EmailMissing;
        case InputError::PasswordMissing:
            return ApiError::PasswordMissing;
        case InputError::PasswordTooLong:
            return ApiError::PasswordTooLong;
        case InputError::EmailFormat:
            return ApiError::WrongFormat;
    }
    return ApiError::WrongFormat;
}

ApiError api_error(CredentialCheck refusal, bool strict) {
    if (strict) return ApiError::WrongEmailOrPassword;
    // CredentialChanged: what was checked is no longer the password.
    return refusal == CredentialCheck::NoUser ? ApiError::NoUserForEmail : ApiError::WrongPassword;
}

}  // namespace authapi
