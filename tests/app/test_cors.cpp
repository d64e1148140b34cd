#include <doctest/doctest.h>

#include "api/cors.hpp"

using namespace authapi;

namespace {

ApiRequest request(std::string method, const char* origin) {
    ApiRequest r;
    r.method = std::move(method);
    r.path = "/api/v1/users/me";
    if (origin) r.origin = origin;
    return r;
}

std::optional<std::string> header(const ApiResponse& response, const std::string& name) {
    std::optional<std::string> found;
    for (const auto& [key, value] : response.headers) {
        if (key == name) {
            REQUIRE_MESSAGE(!found, "two " << name << " headers");
            found = value;
        }
    }
    return found;
}

const CorsPolicy kListed(OriginPolicy(std::nullopt, {*parse_origin("http://spa.example:3000")}));

}  // namespace

TEST_CASE("cors: a listed origin gets itself back, with credentials") {
    ApiResponse response;
    kListed.add_headers(request("GET", "HTTP://SPA.example:3000"), response);
    CHECK(header(response, "Access-Control-Allow-Origin") == "http://spa.example:3000");
    CHECK(header(response, "Access-Control-Allow-Credentials") == "true");
    CHECK(header(response, "Vary") == "Origin");
}

TEST_CASE("cors: any other origin gets * and no credentials") {
    for (const char* origin : std::initializer_list<const char*>{
             "http://evil.example", "null", "http://spa.example:3001", nullptr}) {
        CAPTURE(origin);
        ApiResponse listed;
        kListed.add_headers(request("GET", origin), listed);
        CHECK(header(listed, "Access-Control-Allow-Origin") == "*");
        CHECK_FALSE(header(listed, "Access-Control-Allow-Credentials"));
        CHECK(header(listed, "Vary") == "Origin");  // the answer depends on it
        ApiResponse unlisted;
        CorsPolicy().add_headers(request("GET", origin), unlisted);
        CHECK(header(unlisted, "Access-Control-Allow-Origin") == "*");
        CHECK_FALSE(header(unlisted, "Vary"));
    }
}

TEST_CASE("cors: a listed origin's preflight is answered at once") {
    auto preflight = request("OPTIONS", "http://spa.example:3000");
    preflight.cors_request_method = "PUT";
    preflight.cors_request_headers = "content-type, x-requested-with";
    auto response = kListed.preflight(preflight);
    REQUIRE(response);
    CHECK(response->status == 204);
    kListed.add_headers(preflight, *response);
    CHECK(header(*response, "Access-Control-Allow-Methods") ==
          "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    CHECK(header(*response, "Access-Control-Allow-Headers") == "content-type, x-requested-with");
    CHECK(header(*response, "Access-Control-Max-Age") == "600");
    CHECK(header(*response, "Access-Control-Allow-Credentials") == "true");

    preflight.cors_request_headers = "content-type\r\nSet-Cookie: x=1";  // never echoed
    ApiResponse odd;
    kListed.add_headers(preflight, odd);
    CHECK_FALSE(header(odd, "Access-Control-Allow-Headers"));

    preflight.origin = "http://evil.example";
    CHECK_FALSE(kListed.preflight(preflight));  // goes through the gate, as before
    auto plain_options = request("OPTIONS", "http://spa.example:3000");
    CHECK_FALSE(kListed.preflight(plain_options));  // no Access-Control-Request-Method
    preflight.origin = "http://spa.example:3000";
    preflight.path = "/other";
    CHECK_FALSE(kListed.preflight(preflight));
}
