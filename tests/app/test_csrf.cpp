#include <doctest/doctest.h>

#include "csrf.hpp"

using namespace authapi;

namespace {

ApiRequest request(std::string method, std::string path) {
    ApiRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.host = "api.example:5000";
    return r;
}

const CsrfPolicy kOwnHost({}, "/api/v1/auth_session/login");

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
    login.origin = "https://API.example:5000";  // the scheme is not compared with Host
    CHECK_FALSE(kOwnHost.refuses(login, false));
    login.origin = "http://api.example:5001";
    CHECK(kOwnHost.refuses(login, false));
    login.origin = "null";
    CHECK(kOwnHost.refuses(login, false));
    login.origin.reset();
    login.sec_fetch_site = "same-site";
    CHECK_FALSE(kOwnHost.refuses(login, false));
    login.sec_fetch_site = "cross-site";
    CHECK(kOwnHost.refuses(login, false));
}

TEST_CASE("csrf: an allow list replaces the own host") {
    const CsrfPolicy listed({"https://app.example"}, "/api/v1/auth_session/login");
    auto del = request("DELETE", "/api/v1/auth_session/logout");
    del.origin = "https://app.example";
    CHECK_FALSE(listed.refuses(del, true));
    del.origin = "http://api.example:5000";
    CHECK(listed.refuses(del, true));
    auto no_host = request("PUT", "/api/v1/users/1");
    no_host.host.reset();
    no_host.origin = "http://api.example:5000";
    CHECK(kOwnHost.refuses(no_host, true));
}
