#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attempt_windows.hpp"
#include "session_lookup.hpp"
#include "session_repository.hpp"
#include "sqlite_memory.hpp"
#include "store_transaction.hpp"
#include "user_repository.hpp"

namespace authapi {

// One opened and migrated store, through the domain's interfaces only: what
// the composition root needs, without a SQLiteCpp or libpqxx header (this
// file includes none, and the layout test keeps it so).
class Store {
public:
    virtual ~Store() = default;

    virtual UserRepository& users() = 0;
    // The user_sessions table.
    virtual SessionRepository& sessions() = 0;
    // A transaction over the repositories for the calling thread.
    virtual std::unique_ptr<StoreTransaction> begin_transaction() = 0;
    // One limit of the login throttle kept in the store, shared by every
    // instance on it (`scope`: "account" or "ip"); null when the store
    // shares none (SQLite: each process counts in its own memory).
    virtual std::unique_ptr<AttemptWindows> shared_attempt_windows(std::string_view scope,
                                                                   ThrottleLimit limit) = 0;
    // Lets go of what the calling thread keeps between lookups (SQLite: the
    // read snapshot of its connection, which holds checkpoints back while
    // open). The HTTP threads call it when idle; only threads that do keep
    // anything between lookups.
    virtual void release_thread_snapshot() = 0;
    // Session lookups for one HTTP thread, sent many at a time; null when
    // the store's own lookup is as cheap (SQLite: no round trip to make).
    virtual std::unique_ptr<SessionLookupPipeline> session_lookup_pipeline() = 0;
    // The migrations opening it applied, by name (none when it was current).
    virtual const std::vector<std::string>& applied_migrations() const = 0;
};

// PostgreSQL at `database_url` when it is set (DATABASE_URL), else the SQLite
// file `db_path` (DB_PATH), each of its connections holding at most
// `sqlite_memory` of its pages; pending migrations applied. Throws
// StorageError.
std::unique_ptr<Store> open_store(const std::string& db_path,
                                  const std::optional<std::string>& database_url,
                                  const SqliteMemory& sqlite_memory);

}  // namespace authapi
