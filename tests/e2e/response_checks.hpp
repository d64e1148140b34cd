#pragma once

#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "http_client.hpp"
#include "json_body.hpp"

// Header values and nullable JSON fields print as their text (or "nullopt").
namespace doctest {
template <>
struct StringMaker<std::optional<std::string>> {
    static String convert(const std::optional<std::string>& value) {
        return value ? String(("\"" + *value + "\"").c_str()) : String("nullopt");
    }
};
}  // namespace doctest

// Checks on a Response that, when they fail, print the whole exchange
// (request line, status, headers, body) next to the failed expression.

#define CHECK_STATUS(response, expected_status)                       \
    do {                                                              \
        const ::authapi::e2e::Response& check_response_ = (response); \
        INFO(::authapi::e2e::describe(check_response_));              \
        CHECK(check_response_.status == (expected_status));           \
    } while (false)

// Status, a JSON Content-Type, and the body {"error": message}.
#define CHECK_ERROR(response, expected_status, message)                           \
    do {                                                                          \
        const ::authapi::e2e::Response& check_response_ = (response);             \
        INFO(::authapi::e2e::describe(check_response_));                          \
        CHECK(check_response_.status == (expected_status));                       \
        CHECK(check_response_.headers.get("Content-Type")                         \
                  .value_or("")                                                   \
                  .rfind("application/json", 0) == 0);                            \
        CHECK(::authapi::e2e::error_of(check_response_) == std::string(message)); \
    } while (false)

// Status 200 and a JSON body that is exactly {}.
#define CHECK_EMPTY_OBJECT(response)                                  \
    do {                                                              \
        const ::authapi::e2e::Response& check_response_ = (response); \
        INFO(::authapi::e2e::describe(check_response_));              \
        CHECK(check_response_.status == 200);                         \
        CHECK(::authapi::e2e::is_empty_object(check_response_));      \
    } while (false)
