// GET /users with more users than one page: sent chunked, page by page.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <string>

#include "requests.hpp"
#include "response_checks.hpp"
#include "server_process.hpp"

namespace authapi::e2e {

namespace {

// Rows straight into the file: creating them through the API would hash a
// password for each.
void insert_users(const std::string& db_path, int count) {
    SQLite::Database db(db_path, SQLite::OPEN_READWRITE, 5000);
    SQLite::Transaction transaction(db);
    SQLite::Statement insert(db,
                             "INSERT INTO users (id, email, password_hash, first_name, last_name, "
                             "created_at, updated_at) VALUES (?, ?, 'x', NULL, NULL, "
                             "'2026-01-01 00:00:00', '2026-01-01 00:00:00')");
    for (int i = 0; i < count; ++i) {
        insert.bind(1, "id-" + std::to_string(i));
        insert.bind(2, "user" + std::to_string(i) + "@list.test");
        insert.exec();
        insert.reset();
    }
    transaction.commit();
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
