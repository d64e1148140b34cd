#include "session_rows.hpp"

#include <SQLiteCpp/Statement.h>
#include <sodium.h>

#include <thread>

#include "requests.hpp"

namespace authapi::e2e {

namespace {

std::optional<std::string> optional_text(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getString();
}

}  // namespace

SQLite::Database open_database(const std::string& path) {
    return SQLite::Database(path, SQLite::OPEN_READWRITE, 5000);
}

std::vector<SessionRow> session_rows(const std::string& db_path,
                                     const std::optional<std::string>& user_id) {
    auto db = open_database(db_path);
    SQLite::Statement select(db,
                             "SELECT id, user_id, token_hash, created_at, last_seen_at, "
                             "expires_at, ip, user_agent FROM user_sessions "
                             "WHERE ?1 IS NULL OR user_id = ?1 ORDER BY created_at, rowid");
    if (user_id) select.bind(1, *user_id);
    std::vector<SessionRow> rows;
    while (select.executeStep()) {
        SessionRow row;
        row.id = select.getColumn(0).getString();
        row.user_id = select.getColumn(1).getString();
        row.token_hash = select.getColumn(2).getString();
        row.created_at = select.getColumn(3).getString();
        row.last_seen_at = select.getColumn(4).getString();
        row.expires_at = optional_text(select.getColumn(5));
        row.ip = optional_text(select.getColumn(6));
        row.user_agent = optional_text(select.getColumn(7));
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string password_hash_of(const std::string& db_path, const std::string& email) {
    auto db = open_database(db_path);
    SQLite::Statement select(db, "SELECT password_hash FROM users WHERE email = ?");
    select.bind(1, email);
    return select.executeStep() ? select.getColumn(0).getString() : "";
}

void insert_session_row(const std::string& db_path, const SessionRow& row) {
    auto db = open_database(db_path);
    SQLite::Statement insert(db,
                             "INSERT INTO user_sessions (id, user_id, token_hash, created_at, "
                             "updated_at, expires_at, last_seen_at, ip, user_agent) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, row.id);
    insert.bind(2, row.user_id);
    insert.bind(3, row.token_hash);
    insert.bind(4, row.created_at);
    insert.bind(5, row.created_at);
    if (row.expires_at) insert.bind(6, *row.expires_at);
    insert.bind(7, row.last_seen_at);
    if (row.ip) insert.bind(8, *row.ip);
    if (row.user_agent) insert.bind(9, *row.user_agent);
    insert.exec();
}

std::string sha256_hex_of(const std::string& text) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    static const char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char byte : digest) {
        hex += kHex[byte >> 4];
        hex += kHex[byte & 15];
    }
    return hex;
}

Response login_with(const HttpClient& client, const std::string& email, const std::string& password,
                    const RequestHeaders& headers) {
    return client.post("/api/v1/auth_session/login", form_content() + headers,
                       form_body({{"email", email}, {"password", password}}));
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (condition()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

}  // namespace authapi::e2e
