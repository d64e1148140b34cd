// GET /users with more users than one page: sent chunked, page by page.
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "http_client.hpp"
#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"
#include "session_rows.hpp"

namespace authapi::e2e {

namespace {

// Rows straight into the database: creating them through the API would hash
// a password for each.
void insert_users(const std::string& db_path, int count) {
    constexpr int kRowsPerStatement = 200;
    for (int first = 0; first < count; first += kRowsPerStatement) {
        std::string sql =
            "INSERT INTO users (id, email, email_key, password_hash, created_at, updated_at) "
            "VALUES ";
        for (int i = first; i < std::min(count, first + kRowsPerStatement); ++i) {
            if (i > first) sql += ", ";
            const std::string email = "user" + std::to_string(i) + "@list.test";
            sql += "('id-" + std::to_string(i) + "', '" + email + "', '" + email +
                   "', 'x', '2026-01-01 00:00:00', '2026-01-01 00:00:00')";
        }
        exec_sql(db_path, sql);
    }
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++count;
    }
    return count;
}

TEST_CASE("GET /users with many users is chunked, complete and in creation order") {
    ServerProcess server;
    insert_users(server.db_path(), 1000);
    const HttpClient client(server.port());

    const Response list = client.get("/api/v1/users");
    CHECK_STATUS(list, 200);
    CHECK(list.headers.get("Transfer-Encoding") == std::optional<std::string>("chunked"));
    CHECK(list.headers.get("Content-Type") == std::optional<std::string>("application/json"));
    CHECK(list.headers.get("Access-Control-Allow-Origin") == std::optional<std::string>("*"));
    CHECK(occurrences(list.body, "\"email\"") == 1000);
    const auto first = list.body.find("\"user0@list.test\"");
    const auto last = list.body.find("\"user999@list.test\"");
    CHECK(first != std::string::npos);
    CHECK(last != std::string::npos);
    CHECK(first < last);
    CHECK(list.body.front() == '[');
    CHECK(list.body.substr(list.body.size() - 2) == "]\n");

    // The connection carries on after the last chunk.
    CHECK_STATUS(client.get("/api/v1/status"), 200);
}

// Reads from `fd` until `text` holds `bytes` bytes (or the connection ends).
void read_at_least(int fd, std::string& text, std::size_t bytes) {
    char buffer[65536];
    while (text.size() < bytes) {
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0) return;
        text.append(buffer, static_cast<std::size_t>(got));
    }
}

TEST_CASE("an answer that fills the socket is followed, not overtaken, by the next one") {
    // One page of users with long names: 9 MB sent whole, more than the
    // socket takes (about 4 MB on Linux) while the client does not read. What is left waits in the
    // server; the next request's short answer must queue behind it.
    ServerProcess server;
    insert_users(server.db_path(), 200);
    exec_sql(server.db_path(), "UPDATE users SET first_name = '" + std::string(45000, 'n') + "'");
    const int fd = connect_tcp("127.0.0.1", server.port());
    REQUIRE(fd >= 0);
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    const std::string get = " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    const std::string listing = "GET /api/v1/users" + get;
    REQUIRE(::send(fd, listing.data(), listing.size(), 0) == static_cast<ssize_t>(listing.size()));
    std::string text;
    read_at_least(fd, text, 1);  // the answer has started
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const std::string status = "GET /api/v1/status" + get;
    REQUIRE(::send(fd, status.data(), status.size(), 0) == static_cast<ssize_t>(status.size()));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));

    read_at_least(fd, text, text.find("\r\n\r\n") == std::string::npos ? 4096 : 0);
    const auto head_end = text.find("\r\n\r\n");
    REQUIRE(head_end != std::string::npos);
    const auto length_at = text.find("Content-Length: ");
    REQUIRE(length_at < head_end);
    const std::size_t length = std::stoul(text.substr(length_at + 16));
    CHECK(length > 9'000'000);
    read_at_least(fd, text, head_end + 4 + length);
    const std::string body = text.substr(head_end + 4, length);
    CHECK(occurrences(body, "\"email\"") == 200);
    CHECK(body.find("HTTP/1.1") == std::string::npos);
    CHECK(body.substr(body.size() - 2) == "]\n");
    std::string next = text.substr(head_end + 4 + length);
    read_at_least(fd, next, 100);
    CHECK(next.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(next.find("\"OK\"") != std::string::npos);
    ::close(fd);
}

TEST_CASE("a short GET /users is sent whole, with a Content-Length") {
    ServerProcess server;
    insert_users(server.db_path(), 3);
    const Response list = HttpClient(server.port()).get("/api/v1/users");
    CHECK_STATUS(list, 200);
    CHECK(list.headers.has("Content-Length"));
    CHECK_FALSE(list.headers.has("Transfer-Encoding"));
    CHECK(occurrences(list.body, "\"email\"") == 3);
}

}  // namespace

}  // namespace authapi::e2e
