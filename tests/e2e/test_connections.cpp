// Connection handling Pistache gets wrong on its own: keep-alive for HTTP/1.1
// without a Connection header, and closing after "Connection: close".
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>

#include "server_process.hpp"

namespace authapi::e2e {

namespace {

// A bare TCP connection, to see what the server does with the socket itself.
class RawConnection {
public:
    explicit RawConnection(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        REQUIRE(fd_ >= 0);
        timeval timeout{3, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    }
    ~RawConnection() { ::close(fd_); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    void send(const std::string& bytes) {
        REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(bytes.size()));
    }

    // Reads one response whose body is `{"status": "OK"}` plus a newline.
    std::string read_status_response() {
        std::string data;
        char buffer[4096];
        while (data.find("\"OK\"\n}\n") == std::string::npos) {
            const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            data.append(buffer, static_cast<std::size_t>(n));
        }
        return data;
    }

    // True when the server closes its side within the receive timeout.
    bool closed_by_server() {
        char byte;
        return ::recv(fd_, &byte, 1, 0) == 0;
    }

private:
    int fd_;
};

const std::string kStatus11 = "GET /api/v1/status HTTP/1.1\r\nHost: localhost\r\n";

TEST_CASE("HTTP/1.1 without a Connection header stays open for the next request") {
    ServerProcess server;
    RawConnection connection(server.port());
    for (int i = 0; i < 3; ++i) {
        connection.send(kStatus11 + "\r\n");
        const std::string response = connection.read_status_response();
        CHECK(response.rfind("HTTP/1.1 200", 0) == 0);
        CHECK(response.find("Connection: Keep-Alive") != std::string::npos);
    }
}

TEST_CASE("Connection: close and HTTP/1.0 close the connection after the answer") {
    ServerProcess server;
    {
        RawConnection connection(server.port());
        connection.send(kStatus11 + "Connection: close\r\n\r\n");
        const std::string response = connection.read_status_response();
        CHECK(response.rfind("HTTP/1.1 200", 0) == 0);
        CHECK(response.find("Connection: Close") != std::string::npos);
        CHECK(connection.closed_by_server());
    }
    {
        RawConnection connection(server.port());
        connection.send("GET /api/v1/status HTTP/1.0\r\n\r\n");
        CHECK(connection.read_status_response().rfind("HTTP/1.0 200", 0) == 0);
        CHECK(connection.closed_by_server());
    }
}

}  // namespace

}  // namespace authapi::e2e
