// Startup and shutdown of the server process.
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

TEST_CASE("SIGTERM and SIGINT stop the server with exit status 0") {
    for (const int signal : {SIGTERM, SIGINT}) {
        CAPTURE(signal);
        ServerProcess server({{"AUTH_TYPE", "session_db_auth"}});
        const HttpClient client(server.port());
        CHECK_STATUS(client.get("/api/v1/status"), 200);
        CHECK(server.stop(signal) == 0);
        INFO(server.log());
        CHECK_THROWS_AS(client.get("/api/v1/status"), HttpError);
    }
}

TEST_CASE("the startup line names the address, and the log has no secrets") {
    ServerProcess server({{"AUTH_TYPE", "session_auth"}});
    server.seed_user(kSessionEmail, kSessionPassword);
    const HttpClient client(server.port());
    const std::string token = login_token(client, kSessionEmail, kSessionPassword);
    CHECK_STATUS(client.get("/api/v1/users/me", session_cookie(token)), 200);
    CHECK(server.stop() == 0);

    const std::string log = server.log();
    CHECK(log.find("listening on http://127.0.0.1:" + std::to_string(server.port())) !=
          std::string::npos);
    CHECK(log.find(token) == std::string::npos);
    // One access line per request: method, path, status, microseconds, client.
    CHECK(std::regex_search(
        log, std::regex("(^|\n)GET /api/v1/users/me 200 [0-9]+us 127\\.0\\.0\\.1\n")));
    CHECK(std::regex_search(
        log, std::regex("(^|\n)POST /api/v1/auth_session/login 200 [0-9]+us 127\\.0\\.0\\.1\n")));
    // The cookie's attributes are on the startup line.
    CHECK(log.find("cookie: _my_session_id; Path=/; HttpOnly; SameSite=Lax)") != std::string::npos);
    CHECK(log.find(kSessionPassword) == std::string::npos);
}

// Asks for /api/v1/nope/<client>/<n> with n = 0, 1, ... on one keep-alive
// connection until the server goes away, and returns the paths answered
// (each is a distinct 404, so each has its own access-log line).
std::vector<std::string> ask_until_gone(std::uint16_t port, int client) {
    std::vector<std::string> answered;
    const int fd = connect_tcp("127.0.0.1", port);
    if (fd < 0) return answered;
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    for (int n = 0;; ++n) {
        const std::string path = "/api/v1/nope/" + std::to_string(client) + "/" + std::to_string(n);
        const std::string request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
        if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
            static_cast<ssize_t>(request.size())) {
            break;
        }
        std::string answer;
        char buffer[512];
        while (answer.find("}\n") == std::string::npos) {
            const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
            if (got <= 0) break;
            answer.append(buffer, static_cast<std::size_t>(got));
        }
        if (answer.rfind("HTTP/1.1 404", 0) != 0 || answer.find("}\n") == std::string::npos) break;
        answered.push_back(path);
    }
    ::close(fd);
    return answered;
}

TEST_CASE("SIGTERM during a stream of requests: every answer a client got is in the access log") {
    // The lines of a round of answers are written together (ACCESS_LOG_BUFFER)
    // and before those answers leave: a stop loses none of them.
    ServerProcess server;
    std::vector<std::vector<std::string>> answered(4);
    std::vector<std::thread> clients;
    for (int client = 0; client < 4; ++client) {
        clients.emplace_back(
            [&, client] { answered[client] = ask_until_gone(server.port(), client); });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(server.stop(SIGTERM) == 0);
    for (auto& thread : clients) thread.join();

    // "GET <path> 404 <n>us 127.0.0.1", one a line.
    std::unordered_set<std::string> logged;
    std::istringstream log(server.log());
    for (std::string line; std::getline(log, line);) {
        if (line.rfind("GET /api/v1/nope/", 0) == 0)
            logged.insert(line.substr(4, line.find(' ', 4) - 4));
    }
    std::size_t total = 0;
    for (const auto& paths : answered) {
        total += paths.size();
        for (const auto& path : paths) {
            if (logged.count(path) == 0) FAIL_CHECK("answered, not logged: " << path);
        }
    }
    CHECK(total > 100);  // the stop came in the middle of the stream
}

}  // namespace

}  // namespace authapi::e2e
