#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pg_error.hpp"

namespace authapi {

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

    // Connections currently idle in the pool, for tests.
    std::size_t idle_connections() const;

private:
    struct Pooled {
        std::unique_ptr<pqxx::connection> connection;
        std::size_t prepared = 0;  // how many of statements_ it knows
    };

    class Lease {
    public:
        Lease(PgDatabase& database, Pooled pooled);
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&&) = delete;
        ~Lease();

        pqxx::connection& connection() { return *pooled_.connection; }
        void discard() { pooled_.connection.reset(); }

    private:
        PgDatabase* database_;
        Pooled pooled_;
    };

    Lease borrow(std::string_view operation);
    Pooled open(std::string_view operation);
    void prepare_declared(Pooled& pooled);
    void give_back(Pooled pooled);

    std::string url_;
    mutable std::mutex mutex_;
    std::vector<Pooled> idle_;
    std::vector<std::pair<std::string, std::string>> statements_;
};

}  // namespace authapi
