#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pg_error.hpp"

namespace authapi {

// `url` with a bound on connecting (connect_timeout=3) unless it has one.
std::string pg_url_with_connect_timeout(const std::string& url);
// What every connection sets first: bounded statements and lock waits, UTC.
const char* pg_session_settings();

// A PostgreSQL database (DATABASE_URL) shared by the threads of this process.
//
// Connections are pooled: an operation borrows one and gives it back. One
// that broke (server restarted, network cut) is dropped, so the operation
// fails with a StorageError and the next one connects afresh: requests in
// between get a 503, none hangs (connect, statement and lock timeouts are
// bounded).
class PgDatabase {
public:
    // Connects once at once, so that a bad URL or a server that is down fails
    // at startup. Throws StorageError.
    explicit PgDatabase(std::string url);
    ~PgDatabase();

    PgDatabase(const PgDatabase&) = delete;
    PgDatabase& operator=(const PgDatabase&) = delete;

    // The URL connections are made with (connect_timeout added).
    const std::string& url() const { return url_; }

    // A statement every connection prepares under `name` (pqxx prepares it on
    // first use). Call it before the statement is executed anywhere.
    void declare(std::string name, std::string sql);

    // Runs `work(pqxx::connection&)` on a pooled connection. A pqxx error
    // becomes a StorageError naming `operation`; catch the errors you expect
    // (a unique violation, say) inside `work`.
    template <typename Work>
    decltype(auto) run(std::string_view operation, Work&& work) {
        Lease lease = borrow(operation);
        try {
            return std::forward<Work>(work)(lease.connection());
        } catch (const pqxx::sql_error& error) {
            // The server answered: the connection itself is still good.
            throw pg_storage_error(operation, error);
        } catch (const pqxx::failure& error) {
            // Broken connection, commit in doubt, protocol trouble.
            lease.discard();
            throw pg_storage_error(operation, error);
        }
    }

    // run(), with every statement `work` sends on the connection inside one
    // transaction of its own (a savepoint when the thread is inside a
    // PgTransaction): they all land, or, when `work` throws, none does.
    // `work` returns a value.
    template <typename Work>
    auto run_atomically(std::string_view operation, Work&& work) {
        return run(operation, [&](pqxx::connection& connection) {
            const bool nested = pinned_here();
            pqxx::nontransaction(connection).exec(nested ? "SAVEPOINT atomically" : "BEGIN");
            try {
                auto result = std::forward<Work>(work)(connection);
                pqxx::nontransaction(connection)
                    .exec(nested ? "RELEASE SAVEPOINT atomically" : "COMMIT");
                return result;
            } catch (...) {
                try {
                    pqxx::nontransaction(connection)
                        .exec(nested ? "ROLLBACK TO SAVEPOINT atomically; "
                                       "RELEASE SAVEPOINT atomically"
                                     : "ROLLBACK");
                } catch (const pqxx::failure&) {
                    // A broken connection: run() discards it, and the server
                    // rolls the transaction back with it.
                }
                throw;
            }
        });
    }

    // Connections currently idle in the pool, for tests.
    std::size_t idle_connections() const;

private:
    friend class PgTransaction;

    struct Pooled {
        std::unique_ptr<pqxx::connection> connection;
        std::size_t prepared = 0;  // how many of statements_ it knows
    };

    // A pooled connection for one operation, given back at the end; or, inside
    // a PgTransaction, the connection that transaction holds on this thread.
    class Lease {
    public:
        Lease(PgDatabase& database, Pooled pooled);
        explicit Lease(pqxx::connection& pinned);
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&&) = delete;
        ~Lease();

        pqxx::connection& connection() { return pinned_ ? *pinned_ : *pooled_.connection; }
        void discard() { pooled_.connection.reset(); }
        // Takes the connection out of the lease: it is not given back.
        Pooled release() {
            database_ = nullptr;
            return std::move(pooled_);
        }

    private:
        PgDatabase* database_ = nullptr;
        Pooled pooled_;
        pqxx::connection* pinned_ = nullptr;
    };

    Lease borrow(std::string_view operation);
    // True inside a PgTransaction of the calling thread.
    bool pinned_here() const;
    // For PgTransaction: a connection kept for this thread until unpin().
    pqxx::connection& pin(std::string_view operation);
    void unpin(bool reusable);
    Pooled open(std::string_view operation);
    void prepare_declared(Pooled& pooled);
    void give_back(Pooled pooled);

    std::string url_;
    mutable std::mutex mutex_;
    std::vector<Pooled> idle_;
    std::unordered_map<std::thread::id, Pooled> pinned_;
    std::vector<std::pair<std::string, std::string>> statements_;
};

}  // namespace authapi
