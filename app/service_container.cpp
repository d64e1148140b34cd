#include "service_container.hpp"

#include "basic_auth.hpp"
#include "memory_session_repository.hpp"
#include "migration_runner.hpp"
#include "session_auth.hpp"
#include "sqlite_database.hpp"
#include "sqlite_session_repository.hpp"
#include "sqlite_user_repository.hpp"

namespace authapi {

ServiceContainer::ServiceContainer(const Config& config)
    : config_(config),
      throttle_(clock_, {config.throttle_account_failures, config.throttle_window_seconds},
                {config.throttle_ip_failures, config.throttle_window_seconds}),
      database_(std::make_unique<SqliteDatabase>(config.db_path)) {
    applied_migrations_ = apply_migrations(*database_, embedded_migrations());
    user_repository_ = std::make_unique<SqliteUserRepository>(*database_);
    users_ = std::make_unique<UserService>(*user_repository_, metered_hasher_, random_, clock_,
                                           &verified_credentials_);
    credentials_ = std::make_unique<CredentialGuard>(*users_, &throttle_, &monitor_);

    std::int64_t duration = config.session_duration;
    switch (config.auth_type) {
        case AuthType::None:
            break;
        case AuthType::Auth:
            authenticator_ = std::make_unique<DenyAllAuthenticator>();
            break;
        case AuthType::BasicAuth:
            authenticator_ =
                std::make_unique<BasicAuthenticator>(*credentials_, *users_, verified_credentials_);
            break;
        case AuthType::SessionAuth:
            duration = 0;  // the task's first session mode has no expiry
            [[fallthrough]];
        case AuthType::SessionExpAuth:
            session_repository_ = std::make_unique<MemorySessionRepository>();
            break;
        case AuthType::SessionDbAuth:
            session_repository_ = std::make_unique<SqliteSessionRepository>(*database_);
            break;
    }
    if (session_repository_) {
        sessions_ = std::make_unique<SessionService>(*session_repository_, *user_repository_,
                                                     random_, clock_, duration);
        sessions_->set_events(&monitor_);
        authenticator_ = std::make_unique<SessionAuthenticator>(*sessions_);
        metrics_.set_active_sessions_source([this]() -> std::optional<std::int64_t> {
            try {
                return session_repository_->count_live(clock_.now());
            } catch (const StorageError&) {
                return std::nullopt;  // the other metrics matter most when the store is down
            }
        });
    }
    // The task's open paths, and the operator's: health and metrics
    // (METRICS_TOKEN, when set, guards the latter instead).
    std::vector<std::string> excluded = default_excluded_paths();
    excluded.push_back("/api/v1/health/");
    excluded.push_back("/api/v1/metrics/");
    gate_ = std::make_unique<AuthGate>(authenticator_.get(), std::move(excluded));
}

ServiceContainer::~ServiceContainer() = default;

}  // namespace authapi
