#pragma once

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "http_client.hpp"

namespace authapi::e2e {

// A bare TCP connection, to see what the server does with the socket itself.
class RawConnection {
public:
    explicit RawConnection(std::uint16_t port, int receive_timeout_seconds = 3,
                           const std::string& host = "127.0.0.1")
        : fd_(connect_tcp(host, port)) {
        REQUIRE(fd_ >= 0);
        timeval timeout{receive_timeout_seconds, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
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

    // Sends `bytes` one segment per byte, `gap` apart (no Nagle: each byte
    // leaves at once), so that the server may read them at every split
    // point. Stops as soon as the server answers (or closes), as a client
    // would, and returns how many bytes were sent.
    std::size_t send_byte_by_byte(const std::string& bytes,
                                  std::chrono::microseconds gap = std::chrono::microseconds(100)) {
        const int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        std::size_t sent = 0;
        for (char byte : bytes) {
            pollfd answer{fd_, POLLIN, 0};
            if (::poll(&answer, 1, 0) != 0 || !try_send(std::string(1, byte))) break;
            ++sent;
            std::this_thread::sleep_for(gap);
        }
        return sent;
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

    // True when the server has written something (or closed) within `wait`.
    bool answered_within(std::chrono::milliseconds wait) {
        pollfd answer{fd_, POLLIN, 0};
        return ::poll(&answer, 1, static_cast<int>(wait.count())) > 0;
    }

    // True when the server closes its side within the receive timeout.
    bool closed_by_server() {
        char byte;
        return ::recv(fd_, &byte, 1, 0) == 0;
    }

private:
    int fd_;
};

}  // namespace authapi::e2e
