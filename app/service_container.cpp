#include "service_container.hpp"

#include "basic_auth.hpp"
#include "memory_session_repository.hpp"
#include "migration_runner.hpp"
#include "pg_database.hpp"
#include "pg_migration_runner.hpp"
#include "pg_session_repository.hpp"
#include "pg_user_repository.hpp"
#include "session_auth.hpp"
#include "sqlite_database.hpp"
#include "sqlite_session_repository.hpp"
#include "sqlite_user_repository.hpp"

namespace authapi {

ServiceContainer::ServiceContainer(const Config& config) : config_(config) {
    if (config.database_url) {
        pg_database_ = std::make_unique<PgDatabase>(*config.database_url);
        applied_migrations_ =
            apply_postgresql_migrations(*pg_database_, embedded_postgresql_migrations());
        user_repository_ = std::make_unique<PgUserRepository>(*pg_database_);
        stored_session_repository_ = std::make_unique<PgSessionRepository>(*pg_database_);
    } else {
        database_ = std::make_unique<SqliteDatabase>(config.db_path);
        applied_migrations_ = apply_migrations(*database_, embedded_migrations());
        user_repository_ = std::make_unique<SqliteUserRepository>(*database_);
        stored_session_repository_ = std::make_unique<SqliteSessionRepository>(*database_);
    }

    SessionPolicy policy{config.session_duration, config.session_idle_timeout};
    stored_sessions_ =
        std::make_unique<SessionService>(*stored_session_repository_, random_, clock_, policy);
    switch (config.auth_type) {
        case AuthType::None:
        case AuthType::Auth:
        case AuthType::BasicAuth:
            break;
        case AuthType::SessionAuth:
            policy.duration_seconds = 0;  // the task's first session mode has no expiry
            [[fallthrough]];
        case AuthType::SessionExpAuth:
            memory_session_repository_ =
                std::make_unique<MemorySessionRepository>(*user_repository_);
            memory_sessions_ = std::make_unique<SessionService>(*memory_session_repository_,
                                                                random_, clock_, policy);
            sessions_ = memory_sessions_.get();
            break;
        case AuthType::SessionDbAuth:
            sessions_ = stored_sessions_.get();
            break;
    }
    // The database's cascade ends a deleted user's stored sessions; the
    // in-memory ones are ended by the user service.
    users_ = std::make_unique<UserService>(*user_repository_, hasher_, random_, clock_,
                                           memory_session_repository_.get());
    switch (config.auth_type) {
        case AuthType::Auth:
            authenticator_ = std::make_unique<DenyAllAuthenticator>();
            break;
        case AuthType::BasicAuth:
            authenticator_ = std::make_unique<BasicAuthenticator>(*users_);
            break;
        default:
            break;
    }
    if (sessions_) authenticator_ = std::make_unique<SessionAuthenticator>(*sessions_);
    gate_ = std::make_unique<AuthGate>(authenticator_.get(), default_excluded_paths());
}

ServiceContainer::~ServiceContainer() = default;

}  // namespace authapi
