#include <doctest/doctest.h>

#include <set>
#include <string>

#include "api/error_messages.hpp"

using namespace authapi;

namespace {

std::string text_of(ApiError error) {
    return std::string(error_text(error).text);
}

}  // namespace

TEST_CASE("an ApiError is answered as its status and {\"error\": text}") {
    const ApiResponse response = error_response(ApiError::EmailAlreadyExists);
    CHECK(response.status == 400);
    CHECK(response.json);
    CHECK(response.body == "{\n  \"error\": \"Can't create User: email already exists\"\n}\n");
    CHECK(error_response(ApiError::NotFound).status == 404);
}

TEST_CASE("the domain's input codes get the task's words") {
    CHECK(text_of(api_error(InputError::EmailMissing)) == "email missing");
    CHECK(text_of(api_error(InputError::PasswordMissing)) == "password missing");
    CHECK(text_of(api_error(InputError::PasswordTooLong)) == "password too long");
    CHECK(text_of(api_error(InputError::EmailFormat)) == "Wrong format");
    // The command line words them the same way.
    CHECK(std::string(describe(InputError::EmailMissing)) == "email missing");
    CHECK(std::string(InvalidEmail().what()) == "Wrong format");
}

TEST_CASE(
    "a refused login: 404 for an unknown email, 401 otherwise; one answer under "
    "AUTH_STRICT") {
    CHECK(error_text(api_error(CredentialCheck::NoUser, false)).status == 404);
    CHECK(text_of(api_error(CredentialCheck::NoUser, false)) == "no user found for this email");
    CHECK(api_error(CredentialCheck::WrongPassword, false) == ApiError::WrongPassword);
    CHECK(api_error(CredentialCheck::CredentialChanged, false) == ApiError::WrongPassword);
    for (const auto refusal : {CredentialCheck::NoUser, CredentialCheck::WrongPassword,
                               CredentialCheck::CredentialChanged}) {
        CHECK(text_of(api_error(refusal, true)) == "wrong email or password");
        CHECK(error_response(api_error(refusal, true)).status == 401);
    }
}

TEST_CASE("every ApiError has its own text") {
    std::set<std::string> texts;
    for (int code = 0; code <= static_cast<int>(ApiError::WrongEmailOrPassword); ++code) {
        const ApiErrorText text = error_text(static_cast<ApiError>(code));
        CAPTURE(code);
        CHECK(text.status >= 400);
        CHECK(text.status < 600);
        CHECK(texts.insert(std::string(text.text)).second);
    }
}
