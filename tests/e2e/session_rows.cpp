#include "session_rows.hpp"

#include <SQLiteCpp/Statement.h>
#include <sodium.h>

#include <pqxx/pqxx>
#include <thread>

#include "postgresql_backend.hpp"
#include "requests.hpp"

namespace authapi::e2e {

namespace {

std::optional<std::string> optional_text(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getString();
}

std::optional<std::string> optional_text(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<std::string>();
}

// The server's PostgreSQL schema for `db_path`, when the suite runs on it.
std::optional<pqxx::connection> postgresql_for(const std::string& db_path) {
    const auto base = postgresql_backend_url();
    if (!base) return std::nullopt;
    return std::optional<pqxx::connection>(std::in_place, postgresql_schema_url(*base, db_path));
}

std::vector<SessionRow> postgresql_session_rows(pqxx::connection& connection,
                                                const std::optional<std::string>& user_id) {
    constexpr const char* kText = "'YYYY-MM-DD HH24:MI:SS'";
    pqxx::nontransaction select(connection);
    const pqxx::result result = select.exec_params(
        std::string("SELECT id, user_id, token_hash, to_char(created_at, ") + kText +
            "), to_char(last_seen_at, " + kText + "), to_char(expires_at, " + kText +
            "), ip, user_agent FROM user_sessions WHERE $1::text IS NULL OR user_id = $1 "
            "ORDER BY created_at, seq",
        user_id);
    std::vector<SessionRow> rows;
    for (const auto& r : result) {
        rows.push_back(SessionRow{r[0].as<std::string>(), r[1].as<std::string>(),
                                  r[2].as<std::string>(), r[3].as<std::string>(),
                                  r[4].as<std::string>(), optional_text(r[5]), optional_text(r[6]),
                                  optional_text(r[7])});
    }
    return rows;
}

}  // namespace

SQLite::Database open_database(const std::string& path) {
    return SQLite::Database(path, SQLite::OPEN_READWRITE, 5000);
}

void exec_sql(const std::string& db_path, const std::string& sql) {
    if (auto postgresql = postgresql_for(db_path)) {
        pqxx::nontransaction(*postgresql).exec(sql);
        return;
    }
    open_database(db_path).exec(sql);
}

std::vector<SessionRow> session_rows(const std::string& db_path,
                                     const std::optional<std::string>& user_id) {
    if (auto postgresql = postgresql_for(db_path)) {
        return postgresql_session_rows(*postgresql, user_id);
    }
    auto db = open_database(db_path);
    SQLite::Statement select(db,
                             "SELECT id, user_id, token_hash, created_at, last_seen_at, "
                             "expires_at, ip, user_agent FROM user_sessions "
                             "WHERE ?1 IS NULL OR user_id = ?1 ORDER BY created_at, seq");
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
    if (auto postgresql = postgresql_for(db_path)) {
        const pqxx::result rows =
            pqxx::nontransaction(*postgresql)
                .exec_params("SELECT password_hash FROM users WHERE email = $1", email);
        return rows.empty() ? "" : rows[0][0].as<std::string>();
    }
    auto db = open_database(db_path);
    SQLite::Statement select(db, "SELECT password_hash FROM users WHERE email = ?");
    select.bind(1, email);
    return select.executeStep() ? select.getColumn(0).getString() : "";
}

void insert_session_row(const std::string& db_path, const SessionRow& row) {
    if (auto postgresql = postgresql_for(db_path)) {
        pqxx::nontransaction(*postgresql)
            .exec_params(
                "INSERT INTO user_sessions (id, user_id, token_hash, created_at, updated_at, "
                "expires_at, last_seen_at, ip, user_agent) "
                "VALUES ($1, $2, $3, $4::timestamp, $4::timestamp, $5::timestamp, "
                "$6::timestamp, $7, $8)",
                row.id, row.user_id, row.token_hash, row.created_at, row.expires_at,
                row.last_seen_at, row.ip, row.user_agent);
        return;
    }
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
