// The server on IPv6: API_HOST=::1 and API_HOST=:: serve, and an IPv6 client
// is throttled by its /64, apart from IPv4 clients of the same server.
// Skipped (with a message) where the machine has no IPv6 loopback; under CI
// that is a failure instead.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

bool has_ipv6_loopback() {
    const int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_addr = in6addr_loopback;
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return bound;
}

// False (after saying why) when the test cannot run here.
bool ipv6_available() {
    if (has_ipv6_loopback()) return true;
    if (std::getenv("CI") != nullptr) {
        FAIL("no IPv6 loopback (::1) on this machine, and CI is set");
    }
    MESSAGE("skipped: no IPv6 loopback (::1) on this machine");
    return false;
}

TEST_CASE("API_HOST=::1 serves on the IPv6 loopback") {
    if (!ipv6_available()) return;
    ServerProcess server({{"API_HOST", "::1"}});
    CHECK(server.log().find("listening on http://[::1]:") != std::string::npos);
    const HttpClient client(server.port(), std::chrono::seconds(5), "::1");
    const Response status = client.get("/api/v1/status");
    CHECK_STATUS(status, 200);
    // The Host an IPv6 client sends is a bracketed literal, and is valid.
    CHECK_STATUS(client.get("/api/v1/status", {{"Host", "[::1]"}}), 200);
}

TEST_CASE("API_HOST=:: serves IPv6 and IPv4 clients") {
    if (!ipv6_available()) return;
    ServerProcess server({{"API_HOST", "::"}});
    CHECK_STATUS(HttpClient(server.port(), std::chrono::seconds(5), "::1").get("/api/v1/status"),
                 200);
    CHECK_STATUS(HttpClient(server.port()).get("/api/v1/status"), 200);
}

TEST_CASE("an IPv6 client is throttled under its /64, apart from IPv4 clients") {
    if (!ipv6_available()) return;
    ServerProcess server({{"API_HOST", "::"},
                          {"AUTH_TYPE", "session_auth"},
                          {"THROTTLE_IP_FAILURES", "3"},
                          {"THROTTLE_ACCOUNT_FAILURES", "0"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient v6(server.port(), std::chrono::seconds(5), "::1");
    const HttpClient v4(server.port());
    for (int i = 0; i < 3; ++i) {
        CHECK_ERROR(login(v6, kSessionEmail, "wrong " + std::to_string(i)), 401, "wrong password");
    }
    // ::/64 has used its failures: even the right password waits now.
    CHECK_ERROR(login(v6, kSessionEmail, kSessionPassword), 429, "too many attempts");
    // 127.0.0.1 (IPv4-mapped on this dual-stack socket) is counted as itself.
    CHECK_STATUS(login(v4, kSessionEmail, kSessionPassword), 200);
    const std::string log = server.log();
    CHECK(log.find(R"("audit":"login_throttled")") != std::string::npos);
    CHECK(log.find(R"("ip":"::1")") != std::string::npos);
    CHECK(log.find(R"("ip":"::ffff:127.0.0.1")") != std::string::npos);
}

}  // namespace

}  // namespace authapi::e2e
