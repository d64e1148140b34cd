// GET /users with more users than one page: sent chunked, page by page.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

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
