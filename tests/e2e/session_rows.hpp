#pragma once

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http_client.hpp"

namespace authapi::e2e {

// The database file of a running server, opened beside it (as sqlite3 would be).
SQLite::Database open_database(const std::string& path);

// The helpers below read and write the database of the server whose DB_PATH
// is `db_path`: that SQLite file, or, in the e2e-postgresql run, the
// PostgreSQL schema the suite gives to that DB_PATH.

// Runs statements that mean the same in SQLite and PostgreSQL.
void exec_sql(const std::string& db_path, const std::string& sql);

// One user_sessions row as stored.
struct SessionRow {
    std::string id;
    std::string user_id;
    std::string token_hash;
    std::string created_at;
    std::string last_seen_at;
    std::optional<std::string> expires_at;
    std::optional<std::string> ip;
    std::optional<std::string> user_agent;
};

// Every row of user_sessions (of `user_id` when given), oldest first.
std::vector<SessionRow> session_rows(const std::string& db_path,
                                     const std::optional<std::string>& user_id = std::nullopt);

// users.password_hash of the user with this email ("" when there is none).
std::string password_hash_of(const std::string& db_path, const std::string& email);

// Inserts a session row directly, as another process would.
void insert_session_row(const std::string& db_path, const SessionRow& row);

// Lowercase hex SHA-256 of `text` (how tokens and legacy passwords are stored).
std::string sha256_hex_of(const std::string& text);

// POST /api/v1/auth_session/login with an urlencoded form and extra headers.
Response login_with(const HttpClient& client, const std::string& email, const std::string& password,
                    const RequestHeaders& headers);

// Polls `condition` every 100 ms until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

}  // namespace authapi::e2e
