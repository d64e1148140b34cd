#include <doctest/doctest.h>

#include "auth_gate.hpp"

using authapi::require_auth;

TEST_CASE("require_auth follows the reference's table") {
    const std::vector<std::string> excluded = {"/api/v1/status/"};
    CHECK(require_auth(std::nullopt, excluded));
    CHECK(require_auth("/api/v1/status/", {}));
    CHECK_FALSE(require_auth("/api/v1/status", excluded));
    CHECK_FALSE(require_auth("/api/v1/status/", excluded));
    CHECK(require_auth("/api/v1/users", excluded));
    CHECK(require_auth("/api/v1/statusX", excluded));
    CHECK(require_auth("/api/v1/status//", excluded));
    CHECK(require_auth("/API/v1/status", excluded));
}

TEST_CASE("require_auth: a trailing '*' is a prefix match") {
    const std::vector<std::string> excluded = {"/api/v1/stat*"};
    CHECK_FALSE(require_auth("/api/v1/status", excluded));
    CHECK_FALSE(require_auth("/api/v1/stats", excluded));
    CHECK_FALSE(require_auth("/api/v1/stats/anything", excluded));
    CHECK(require_auth("/api/v1/users", excluded));
    CHECK(require_auth("/api/v1/sta", excluded));
}

TEST_CASE("the task's four excluded paths") {
    const std::vector<std::string> paths = {"/api/v1/status/", "/api/v1/unauthorized/",
                                            "/api/v1/forbidden/", "/api/v1/auth_session/login/"};
    CHECK_FALSE(require_auth("/api/v1/auth_session/login", paths));
    CHECK(require_auth("/api/v1/auth_session/logout", paths));
    CHECK_FALSE(require_auth("/api/v1/unauthorized", paths));
    CHECK_FALSE(require_auth("/api/v1/forbidden/", paths));
}
