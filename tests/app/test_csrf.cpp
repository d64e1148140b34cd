#include <doctest/doctest.h>

#include <string>

#include "api/csrf.hpp"

using namespace authapi;

namespace {

ApiRequest request(std::string method, std::string path) {
    ApiRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.host = "api.example:5000";
    r.peer_ip = "192.0.2.7";
    r.client_ip = "192.0.2.7";
    return r;
}

Origin origin(const char* text) {
    return parse_origin(text).value();
}

const char* kLogin = "/api/v1/auth_session/login";
const CsrfPolicy kOwnHost(OriginPolicy(), kLogin);

std::string check_of(const CsrfPolicy& policy, const ApiRequest& r, bool cookie) {
    const auto refusal = policy.check(r, cookie);
    return refusal ? refusal->check : "passed";
}

}  // namespace

TEST_CASE("csrf: safe methods and cookie-less requests pass") {
    auto get = request("GET", "/api/v1/users/me");
    get.sec_fetch_site = "cross-site";
    CHECK_FALSE(kOwnHost.refuses(get, true));
    auto post = request("POST", "/api/v1/users");
    post.origin = "https://evil.example";
    CHECK_FALSE(kOwnHost.refuses(post, false));
    CHECK(kOwnHost.refuses(post, true));
}

TEST_CASE("csrf: the login is checked with or without a cookie, slash tolerant") {
    auto login = request("POST", "/api/v1/auth_session/login/");
    CHECK_FALSE(kOwnHost.refuses(login, false));  // curl: no Origin, no Sec-Fetch-Site
    login.origin = "http://api.example:5000";
    CHECK_FALSE(kOwnHost.refuses(login, false));
    login.origin = "HTTP://API.example:5000";  // scheme and host compare case-insensitively
    CHECK_FALSE(kOwnHost.refuses(login, false));
    login.origin = "https://api.example:5000";  // the request came over http
    CHECK(kOwnHost.refuses(login, false));
    login.origin = "http://api.example:5001";
    CHECK(kOwnHost.refuses(login, false));
    login.origin = "http://api.example:5000/";  // not an origin
    CHECK(kOwnHost.refuses(login, false));
    login.origin = "null";
    CHECK(kOwnHost.refuses(login, false));
    login.origin.reset();
    login.sec_fetch_site = "same-site";
    CHECK_FALSE(kOwnHost.refuses(login, false));
    login.sec_fetch_site = "cross-site";
    CHECK(check_of(kOwnHost, login, false) == "sec_fetch_site");
}

TEST_CASE("csrf: default ports are the same origin as none") {
    auto login = request("POST", kLogin);
    login.host = "api.example";
    login.origin = "http://api.example:80";
    CHECK_FALSE(kOwnHost.refuses(login, false));
    login.host = "api.example:443";
    login.scheme = "https";
    login.origin = "https://api.example";
    CHECK_FALSE(kOwnHost.refuses(login, false));
}

TEST_CASE("csrf: an allow list adds to the own origin, never replaces it") {
    const CsrfPolicy listed(OriginPolicy(std::nullopt, {origin("https://app.example")}), kLogin);
    auto del = request("DELETE", "/api/v1/auth_session/logout");
    del.origin = "https://app.example";
    CHECK_FALSE(listed.refuses(del, true));
    del.origin = "https://APP.example:443";
    CHECK_FALSE(listed.refuses(del, true));
    // A listed origin may be on another site: its cross-site writes pass.
    del.sec_fetch_site = "cross-site";
    CHECK_FALSE(listed.refuses(del, true));
    del.origin = "http://api.example:5000";
    del.sec_fetch_site = "same-origin";
    CHECK_FALSE(listed.refuses(del, true));
    del.origin = "https://other.example";
    CHECK(check_of(listed, del, true) == "origin");
    del.sec_fetch_site = "cross-site";
    CHECK(check_of(listed, del, true) == "sec_fetch_site");
    auto no_host = request("PUT", "/api/v1/users/1");
    no_host.host.reset();
    no_host.origin = "http://api.example:5000";
    CHECK(kOwnHost.refuses(no_host, true));
}

TEST_CASE("csrf: PUBLIC_ORIGIN is the own origin, whatever Host says") {
    const CsrfPolicy policy(OriginPolicy(origin("https://auth.example"), {}), kLogin);
    auto login = request("POST", kLogin);
    login.host = "127.0.0.1:5000";  // a proxy that rewrites Host
    login.origin = "https://auth.example";
    CHECK_FALSE(policy.refuses(login, false));
    login.origin = "http://127.0.0.1:5000";
    const auto refusal = policy.check(login, false);
    REQUIRE(refusal);
    CHECK(refusal->expected == "https://auth.example");
    CHECK(refusal->hint.find("PUBLIC_ORIGIN=https://auth.example") != std::string::npos);
}

TEST_CASE("csrf: the scheme and host a trusted proxy reports make the own origin") {
    auto login = request("POST", kLogin);
    login.host = "auth.example";
    login.scheme = "https";
    login.via_trusted_proxy = true;
    login.origin = "https://auth.example";
    CHECK_FALSE(kOwnHost.refuses(login, false));
    login.origin = "http://auth.example";
    CHECK(kOwnHost.refuses(login, false));
}

TEST_CASE("csrf: each refusal says what to change") {
    auto login = request("POST", kLogin);
    login.host = "127.0.0.1:5000";  // nginx's bare proxy_pass
    login.origin = "http://auth.example:8080";
    auto refusal = kOwnHost.check(login, false);
    REQUIRE(refusal);
    CHECK(std::string(refusal->check) == "origin");
    CHECK(refusal->expected == "http://127.0.0.1:5000");
    CHECK(refusal->hint.find("PUBLIC_ORIGIN=http://auth.example:8080") != std::string::npos);
    CHECK(refusal->hint.find("TRUSTED_PROXIES=192.0.2.7") != std::string::npos);
    CHECK(refusal->hint.find("proxy_set_header Host $http_host") != std::string::npos);

    login.host = "auth.example";  // TLS ends at a proxy that is not trusted
    login.origin = "https://auth.example";
    refusal = kOwnHost.check(login, false);
    REQUIRE(refusal);
    CHECK(refusal->hint.find("X-Forwarded-Proto") != std::string::npos);
    CHECK(refusal->hint.find("TRUSTED_PROXIES=192.0.2.7") != std::string::npos);

    login.origin = "null";
    refusal = kOwnHost.check(login, false);
    REQUIRE(refusal);
    CHECK(refusal->hint.find("sandboxed") != std::string::npos);

    login.origin = "https://evil.example";
    login.sec_fetch_site = "cross-site";
    refusal = kOwnHost.check(login, false);
    REQUIRE(refusal);
    CHECK(std::string(refusal->check) == "sec_fetch_site");
    CHECK(refusal->hint.find("ALLOWED_ORIGINS") != std::string::npos);
}
