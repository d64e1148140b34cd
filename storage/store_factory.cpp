#include "store_factory.hpp"

#include <type_traits>
#include <utility>

#include "migration_runner.hpp"
#include "pg_attempt_windows.hpp"
#include "pg_database.hpp"
#include "pg_migration_runner.hpp"
#include "pg_session_pipeline.hpp"
#include "pg_session_repository.hpp"
#include "pg_transaction.hpp"
#include "pg_user_repository.hpp"
#include "sqlite_database.hpp"
#include "sqlite_session_repository.hpp"
#include "sqlite_user_repository.hpp"
#include "write_transaction.hpp"

namespace authapi {

namespace {

// One backend's database, migrated as it opens, and its repositories over it.
template <typename Database, typename Users, typename Sessions, typename Transaction>
class BackendStore final : public Store {
public:
    using Migrate = std::vector<std::string> (*)(Database&);

    // `opening`: the database's constructor arguments.
    template <typename... Opening>
    explicit BackendStore(Migrate migrate, Opening&&... opening)
        : database_(std::forward<Opening>(opening)...),
          applied_(migrate(database_)),
          users_(database_),
          sessions_(database_) {}

    UserRepository& users() override { return users_; }
    SessionRepository& sessions() override { return sessions_; }
    std::unique_ptr<StoreTransaction> begin_transaction() override {
        return std::make_unique<Transaction>(database_);
    }
    std::unique_ptr<AttemptWindows> shared_attempt_windows(std::string_view scope,
                                                           ThrottleLimit limit) override {
        if constexpr (std::is_same_v<Database, PgDatabase>) {
            return std::make_unique<PgAttemptWindows>(database_, std::string(scope), limit);
        } else {
            return nullptr;  // SQLite: each process counts in its own memory
        }
    }
    void release_thread_snapshot() override {
        if constexpr (std::is_same_v<Database, SqliteDatabase>) database_.end_thread_snapshot();
    }
    std::unique_ptr<SessionLookupPipeline> session_lookup_pipeline() override {
        if constexpr (std::is_same_v<Database, PgDatabase>) {
            return std::make_unique<PgSessionPipeline>(database_.url());
        } else {
            return nullptr;
        }
    }
    const std::vector<std::string>& applied_migrations() const override { return applied_; }

private:
    Database database_;
    std::vector<std::string> applied_;
    Users users_;
    Sessions sessions_;
};

using SqliteStore =
    BackendStore<SqliteDatabase, SqliteUserRepository, SqliteSessionRepository, WriteTransaction>;
using PgStore = BackendStore<PgDatabase, PgUserRepository, PgSessionRepository, PgTransaction>;

}  // namespace

std::unique_ptr<Store> open_store(const std::string& db_path,
                                  const std::optional<std::string>& database_url,
                                  const SqliteMemory& sqlite_memory) {
    if (database_url) {
        return std::make_unique<PgStore>(
            [](PgDatabase& database) {
                return apply_postgresql_migrations(database, embedded_postgresql_migrations());
            },
            *database_url);
    }
    return std::make_unique<SqliteStore>(
        [](SqliteDatabase& database) { return apply_migrations(database, embedded_migrations()); },
        db_path, sqlite_memory);
}

}  // namespace authapi
