// The bounds of the Limits section: connections per process, bytes held for
// unfinished heads, the head and body timeouts. Each refusal is a JSON answer,
// a closed connection and an access-log line; the server answers others
// throughout, and takes new clients again once the old ones are gone.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "raw_connection.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

const std::string kStatus = "GET /api/v1/status HTTP/1.1\r\nHost: h\r\n";

int status_of(const std::string& answer) {
    if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
    return std::stoi(answer.substr(9, 3));
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t count = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++count;
    }
    return count;
}

// The listen queue's size of the socket listening on `port`, as the kernel
// reports it (`ss`: Send-Q of a listening socket).
long listen_backlog(std::uint16_t port) {
    const std::string command = "ss -Hltn 'sport = :" + std::to_string(port) + "'";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    REQUIRE(::pclose(pipe) == 0);
    std::istringstream line(output);
    std::string state;
    long queued = -1;
    long backlog = -1;
    line >> state >> queued >> backlog;
    INFO(output);
    REQUIRE(state == "LISTEN");
    return backlog;
}

long somaxconn() {
    long value = 0;
    std::ifstream("/proc/sys/net/core/somaxconn") >> value;
    return value;
}

// An unfinished head of about `bytes`: fields, but never the blank line.
std::string unfinished_head(std::size_t bytes) {
    return kStatus + "X-Pad: " + std::string(bytes, 'p');
}

TEST_CASE("API_MAX_CONNECTIONS: one connection too many gets 503 and is closed") {
    ServerProcess server({{"API_MAX_CONNECTIONS", "16"}});
    std::vector<std::unique_ptr<RawConnection>> open;
    for (int i = 0; i < 16; ++i) open.push_back(std::make_unique<RawConnection>(server.port()));
    // Accepted and counted: each answers once (the server sees them in order).
    for (auto& connection : open) {
        connection->send(kStatus + "\r\n");
        CHECK(status_of(connection->read_status_response()) == 200);
    }
    {
        RawConnection extra(server.port());
        const std::string answer = extra.read_until("}\n");
        INFO(answer);
        CHECK(status_of(answer) == 503);
        CHECK(answer.find("Retry-After: 1") != std::string::npos);
        CHECK(answer.find("\"Service Unavailable\"") != std::string::npos);
        CHECK(extra.closed_by_server());
    }
    // The open ones still work; once one goes, a new client gets its place.
    open.back()->send(kStatus + "\r\n");
    CHECK(status_of(open.back()->read_status_response()) == 200);
    open.pop_back();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK_STATUS(HttpClient(server.port()).get("/api/v1/status"), 200);
    const std::string log = server.log();
    CHECK(count_of(log, "- - 503 ") == 1);
    CHECK(count_of(log, "refused: Service Unavailable") == 1);
}

TEST_CASE("the listen queue holds API_MAX_CONNECTIONS handshakes, as far as the kernel allows") {
    REQUIRE(somaxconn() > 200);
    ServerProcess defaults;
    CHECK(listen_backlog(defaults.port()) == std::min(4096L, somaxconn()));
    ServerProcess small(
        test_environment(defaults.environment().at("DB_PATH"), {{"API_MAX_CONNECTIONS", "200"}}));
    CHECK(listen_backlog(small.port()) == 200);  // Pistache's own was 128
}

TEST_CASE("API_MAX_PENDING_HEAD_BYTES: slow heads cannot hold more, ordinary requests pass") {
    ServerProcess server({{"API_MAX_PENDING_HEAD_BYTES", "1048576"}});
    // Each holds about 52 KiB beyond its free first 8 KiB: about 20 fit.
    std::vector<std::unique_ptr<RawConnection>> slow;
    int refused = 0;
    for (int i = 0; i < 30 && refused == 0; ++i) {
        slow.push_back(std::make_unique<RawConnection>(server.port()));
        slow.back()->send(unfinished_head(60 * 1024));
        // A client the bound refuses is answered at once.
        if (slow.back()->answered_within(std::chrono::milliseconds(50))) {
            const std::string answer = slow.back()->read_until("}\n");
            INFO(answer);
            CHECK(status_of(answer) == 503);
            CHECK(slow.back()->closed_by_server());
            ++refused;
        }
        // Meanwhile ordinary requests, whose heads are small, pass.
        CHECK_STATUS(HttpClient(server.port()).get("/api/v1/status"), 200);
    }
    CHECK(refused == 1);
    CHECK(slow.size() >= 15);
    CHECK(slow.size() <= 22);
    CHECK(count_of(server.log(), "GET /api/v1/status 503") == 1);
    // Once the slow clients are gone, a large head fits again.
    slow.clear();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    RawConnection large(server.port());
    large.send(unfinished_head(60 * 1024) + "\r\n\r\n");
    CHECK(status_of(large.read_status_response()) == 200);
}

TEST_CASE("a head or body not finished in time gets 408, logged; so does a second request") {
    ServerProcess server({{"API_REQUEST_TIMEOUT", "1"}, {"API_KEEPALIVE_TIMEOUT", "30"}});
    const auto started = std::chrono::steady_clock::now();
    {
        RawConnection connection(server.port());
        connection.send("POST /api/v1/users HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n{");
        CHECK(status_of(connection.read_until("}\n")) == 408);
        CHECK(connection.closed_by_server());
    }
    {
        // After a first answer, a second head that stalls is timed by the
        // request timeout, not by the (long) keep-alive one.
        RawConnection connection(server.port());
        connection.send(kStatus + "\r\n");
        CHECK(status_of(connection.read_status_response()) == 200);
        connection.send("GET /api/v1/us");
        CHECK(status_of(connection.read_until("}\n")) == 408);
        CHECK(connection.closed_by_server());
    }
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(6));
    const std::string log = server.log();
    CHECK(count_of(log, "POST /api/v1/users 408 ") == 1);
    CHECK(count_of(log, "- - 408 ") == 1);  // its request line never came whole
    CHECK(count_of(log, "refused: Request Timeout") == 2);
}

}  // namespace

}  // namespace authapi::e2e
