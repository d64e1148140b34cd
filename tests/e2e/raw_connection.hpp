#pragma once

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>

namespace authapi::e2e {

// A bare TCP connection, to see what the server does with the socket itself.
class RawConnection {
public:
    explicit RawConnection(std::uint16_t port, int receive_timeout_seconds = 3)
        : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        REQUIRE(fd_ >= 0);
        timeval timeout{receive_timeout_seconds, 0};
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

    // Like send(), but a server that already closed is not a failure.
    bool try_send(const std::string& bytes) {
        return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(bytes.size());
    }

    // Reads until `marker` has arrived (or the connection ends or times out).
    std::string read_until(const std::string& marker) {
        std::string data;
        char byte;
        // A byte at a time: nothing of a following response is consumed.
        while (data.find(marker) == std::string::npos && ::recv(fd_, &byte, 1, 0) == 1) {
            data.push_back(byte);
        }
        return data;
    }

    // Reads one response whose body is `{"status": "OK"}` plus a newline.
    std::string read_status_response() { return read_until("\"OK\"\n}\n"); }

    // True when the server closes its side within the receive timeout.
    bool closed_by_server() {
        char byte;
        return ::recv(fd_, &byte, 1, 0) == 0;
    }

private:
    int fd_;
};

}  // namespace authapi::e2e
