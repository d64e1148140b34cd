// Clients that misbehave on purpose, over raw sockets: a slow sender, a
// thousand idle connections, garbage, unknown methods, requests cut short.
// /api/v1/status answers throughout.
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "http_client.hpp"
#include "raw_connection.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

using Clock = std::chrono::steady_clock;

void check_status_answers(std::uint16_t port) {
    const HttpClient client(port, std::chrono::seconds(5));
    CHECK_STATUS(client.get("/api/v1/status"), 200);
}

TEST_CASE("a client sending one byte a second is timed out and its connection freed") {
    ServerProcess server({{"API_REQUEST_TIMEOUT", "2"}});
    RawConnection slow(server.port(), 1);
    const std::string request = "GET /api/v1/status HTTP/1.1\r\nHost: slow\r\nX-Pad: ";
    const auto started = Clock::now();
    std::string answer;
    bool closed = false;
    // Each byte comes within the timeout of the last: only a deadline for the
    // whole head frees the connection.
    for (std::size_t i = 0; Clock::now() - started < std::chrono::seconds(8); ++i) {
        if (!slow.try_send(std::string(1, i < request.size() ? request[i] : 'x'))) break;
        answer += slow.read_until("}\n");  // waits up to the 1 s receive timeout
        if (answer.find("}\n") != std::string::npos) {
            closed = slow.closed_by_server();
            break;
        }
        check_status_answers(server.port());
    }
    const auto seconds =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count() /
        1000.0;
    INFO("answer after " << seconds << " s: " << answer);
    CHECK(answer.rfind("HTTP/1.1 408", 0) == 0);
    CHECK(closed);
    CHECK(seconds < 6);
    check_status_answers(server.port());
}

void raise_open_file_limit(rlim_t wanted) {
    rlimit limit{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    if (limit.rlim_cur >= wanted) return;
    limit.rlim_cur = std::min(wanted, limit.rlim_max);
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &limit) == 0);
    REQUIRE(limit.rlim_cur >= wanted);
}

TEST_CASE("1200 concurrent connections are all answered, and /status with them") {
    constexpr int kConnections = 1200;
    // The server inherits the limit (it also raises its own soft limit).
    raise_open_file_limit(4 * kConnections);
    ServerProcess server;
    std::vector<std::unique_ptr<RawConnection>> connections;
    for (int i = 0; i < kConnections; ++i) {
        connections.push_back(std::make_unique<RawConnection>(server.port(), 10));
    }
    check_status_answers(server.port());
    for (auto& connection : connections) {
        connection->send("GET /api/v1/status HTTP/1.1\r\nHost: many\r\n\r\n");
    }
    int answered = 0;
    for (auto& connection : connections) {
        if (connection->read_status_response().rfind("HTTP/1.1 200", 0) == 0) ++answered;
    }
    CHECK(answered == kConnections);
    check_status_answers(server.port());
    connections.clear();
    check_status_answers(server.port());
    CHECK(server.running());
}

TEST_CASE("garbage bytes, unknown methods and cut-short requests leave the server answering") {
    ServerProcess server({{"API_REQUEST_TIMEOUT", "1"}});
    std::mt19937 random(20261128);
    for (int round = 0; round < 20; ++round) {
        RawConnection connection(server.port(), 2);
        std::string garbage(1 + random() % 8192, '\0');
        for (auto& byte : garbage) byte = static_cast<char>(random());
        if (connection.try_send(garbage)) {
            const std::string answer = connection.read_until("}\n");
            // Either refused with a JSON error, or held until the timeout.
            if (!answer.empty()) {
                INFO(answer.substr(0, 200));
                CHECK(answer.rfind("HTTP/1.1 4", 0) == 0);
            }
        }
    }
    check_status_answers(server.port());

    const HttpClient client(server.port(), std::chrono::seconds(3));
    for (const char* method :
         {"get", "CONNECT", "TRACE", "PROPFIND", "G\x01T", "GETGETGETGETGET"}) {
        CAPTURE(method);
        const Response response =
            client.raw_exchange(std::string(method) + " /api/v1/status HTTP/1.1\r\n\r\n");
        CHECK(response.status >= 400);
        CHECK(response.status < 600);
        CHECK(response.status != 500);
    }
    check_status_answers(server.port());

    const std::string cut_short[] = {
        "GET /api/v1/status HTTP/1.1\r\nHost: x\r\n",
        "GET /api/v1/sta",
        "POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 100\r\n\r\n{\"email\": ",
    };
    for (const std::string& bytes : cut_short) {
        CAPTURE(bytes);
        {
            // Sent, then the client vanishes.
            RawConnection connection(server.port());
            connection.send(bytes);
        }
        {
            // Sent, then the client waits: the timeout answers and closes.
            RawConnection connection(server.port(), 3);
            connection.send(bytes);
            CHECK(connection.read_until("}\n").rfind("HTTP/1.1 408", 0) == 0);
            CHECK(connection.closed_by_server());
        }
        check_status_answers(server.port());
    }
    // A chunked body cut after its size digits made Pistache's parser read
    // past its buffer (found by the sanitized server): chunked uploads get 411.
    for (const char* size : {"10\r\nabc", "1", "ffff"}) {
        CAPTURE(size);
        const Response response = client.raw_exchange(
            std::string("POST /api/v1/users HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n") +
            size);
        CHECK_ERROR(response, 411, "Length Required");
    }
    check_status_answers(server.port());

    const HttpClient stats(server.port());
    CHECK(int_member(stats.get("/api/v1/stats"), "users") == 0);  // nothing half-created
    CHECK(server.running());
}

}  // namespace

}  // namespace authapi::e2e
