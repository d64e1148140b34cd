#include "pg_database.hpp"

#include "database_url.hpp"

namespace authapi {

namespace {

// Idle connections kept for reuse; more than the threads that serve requests
// would only hold server slots.
constexpr std::size_t kMaxIdleConnections = 64;

bool is_uri(std::string_view url) {
    return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

}  // namespace

// A connection attempt must not wait for the operating system's TCP timeout
// (minutes) when the server is gone: bound it unless the URL already does.
std::string pg_url_with_connect_timeout(const std::string& url) {
    if (url.find("connect_timeout") != std::string::npos) return url;
    if (is_uri(url)) {
        return url + (url.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=3";
    }
    return url + " connect_timeout=3";
}

// The same bounds as SQLite's busy timeout: a lock held elsewhere, or a
// runaway statement, gives an error instead of a hung request.
const char* pg_session_settings() {
    return "SET statement_timeout = '5s'; SET lock_timeout = '5s'; "
           "SET idle_in_transaction_session_timeout = '30s'; SET TIME ZONE 'UTC'";
}

PgDatabase::PgDatabase(std::string url) : url_(pg_url_with_connect_timeout(url)) {
    give_back(open("connect to " + redact_database_url(url)));
}

PgDatabase::~PgDatabase() = default;

void PgDatabase::declare(std::string name, std::string sql) {
    const std::lock_guard<std::mutex> lock(mutex_);
    statements_.emplace_back(std::move(name), std::move(sql));
}

std::size_t PgDatabase::idle_connections() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return idle_.size();
}

PgDatabase::Lease PgDatabase::borrow(std::string_view operation) {
    Pooled pooled;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        const auto pinned = pinned_.find(std::this_thread::get_id());
        if (pinned != pinned_.end()) return Lease(*pinned->second.connection);
        if (!idle_.empty()) {
            pooled = std::move(idle_.back());
            idle_.pop_back();
        }
    }
    if (!pooled.connection) pooled = open(operation);
    try {
        prepare_declared(pooled);
    } catch (const pqxx::failure& error) {
        throw pg_storage_error(operation, error);
    }
    return Lease(*this, std::move(pooled));
}

bool PgDatabase::pinned_here() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return pinned_.count(std::this_thread::get_id()) != 0;
}

pqxx::connection& PgDatabase::pin(std::string_view operation) {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (pinned_.count(std::this_thread::get_id()) != 0) {
            throw StorageError(std::string(operation) + ": a transaction is already open here");
        }
    }
    Lease lease = borrow(operation);
    Pooled pooled = lease.release();
    pqxx::connection& connection = *pooled.connection;
    const std::lock_guard<std::mutex> lock(mutex_);
    pinned_[std::this_thread::get_id()] = std::move(pooled);
    return connection;
}

void PgDatabase::unpin(bool reusable) {
    Pooled pooled;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        const auto pinned = pinned_.find(std::this_thread::get_id());
        if (pinned == pinned_.end()) return;
        pooled = std::move(pinned->second);
        pinned_.erase(pinned);
    }
    if (reusable) give_back(std::move(pooled));
}

PgDatabase::Pooled PgDatabase::open(std::string_view operation) {
    try {
        Pooled pooled;
        pooled.connection = std::make_unique<pqxx::connection>(url_);
        pqxx::nontransaction(*pooled.connection).exec(pg_session_settings());
        return pooled;
    } catch (const pqxx::sql_error& error) {
        throw pg_storage_error(std::string(operation) + ": connect", error);
    } catch (const pqxx::failure& error) {
        throw pg_storage_error(std::string(operation) + ": connect", error);
    }
}

void PgDatabase::prepare_declared(Pooled& pooled) {
    std::vector<std::pair<std::string, std::string>> missing;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (pooled.prepared == statements_.size()) return;
        missing.assign(statements_.begin() + static_cast<std::ptrdiff_t>(pooled.prepared),
                       statements_.end());
        pooled.prepared = statements_.size();
    }
    for (const auto& [name, sql] : missing) {
        pooled.connection->prepare(name, sql);
    }
}

void PgDatabase::give_back(Pooled pooled) {
    if (!pooled.connection) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(pooled));
}

PgDatabase::Lease::Lease(PgDatabase& database, Pooled pooled)
    : database_(&database), pooled_(std::move(pooled)) {}

PgDatabase::Lease::Lease(pqxx::connection& pinned) : pinned_(&pinned) {}

PgDatabase::Lease::Lease(Lease&& other) noexcept
    : database_(other.database_), pooled_(std::move(other.pooled_)), pinned_(other.pinned_) {
    other.database_ = nullptr;
}

PgDatabase::Lease::~Lease() {
    if (database_ == nullptr) return;  // pinned, or moved from
    // A connection that was closed under us is not reusable.
    if (pooled_.connection && !pooled_.connection->is_open()) pooled_.connection.reset();
    database_->give_back(std::move(pooled_));
}

}  // namespace authapi
