#include "service_container.hpp"

#include "basic_auth.hpp"
#include "memory_session_repository.hpp"
#include "migration_runner.hpp"
#include "pg_attempt_windows.hpp"
#include "pg_database.hpp"
#include "pg_migration_runner.hpp"
#include "pg_session_repository.hpp"
#include "pg_transaction.hpp"
#include "pg_user_repository.hpp"
#include "session_auth.hpp"
#include "sqlite_database.hpp"
#include "sqlite_session_repository.hpp"
#include "sqlite_user_repository.hpp"
#include "write_transaction.hpp"

namespace authapi {

ServiceContainer::ServiceContainer(const Config& config) : config_(config) {
    open_store();
    choose_sessions();
    // The database's cascade ends a deleted user's stored sessions; the
    // in-memory ones are ended by the user service.
    users_ =
        std::make_unique<UserService>(*user_repository_, metered_hasher_, random_, clock_,
                                      &verified_credentials_, memory_session_repository_.get());
    credentials_ = std::make_unique<CredentialGuard>(*users_, throttle_.get(), &monitor_);
    choose_authenticator();
    // The paths open to everyone, past the gate, are the routes declared
    // Access::Open (app/api/api_routes.cpp, app/api/operator_routes.cpp).
    gate_ = std::make_unique<AuthGate>(authenticator_.get());
}

void ServiceContainer::open_store() {
    const ThrottleLimit per_account{config_.throttle_account_failures,
                                    config_.throttle_window_seconds};
    const ThrottleLimit per_ip{config_.throttle_ip_failures, config_.throttle_window_seconds};
    if (config_.database_url) {
        pg_database_ = std::make_unique<PgDatabase>(*config_.database_url);
        applied_migrations_ =
            apply_postgresql_migrations(*pg_database_, embedded_postgresql_migrations());
        user_repository_ = std::make_unique<PgUserRepository>(*pg_database_);
        stored_session_repository_ = std::make_unique<PgSessionRepository>(*pg_database_);
        // Instances sharing the database share the throttle's budget.
        throttle_ = std::make_unique<LoginThrottle>(
            clock_, std::make_unique<PgAttemptWindows>(*pg_database_, "account", per_account),
            std::make_unique<PgAttemptWindows>(*pg_database_, "ip", per_ip));
    } else {
        database_ = std::make_unique<SqliteDatabase>(
            config_.db_path, static_cast<std::size_t>(config_.db_cache_mib) * 1024);
        applied_migrations_ = apply_migrations(*database_, embedded_migrations());
        user_repository_ = std::make_unique<SqliteUserRepository>(*database_);
        stored_session_repository_ = std::make_unique<SqliteSessionRepository>(*database_);
        throttle_ = std::make_unique<LoginThrottle>(clock_, per_account, per_ip);
    }
}

void ServiceContainer::choose_sessions() {
    SessionPolicy policy{config_.session_duration, config_.session_idle_timeout,
                         config_.max_sessions_per_user};
    stored_sessions_ =
        std::make_unique<SessionService>(*stored_session_repository_, random_, clock_, policy);
    switch (config_.auth_type) {
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
}

void ServiceContainer::choose_authenticator() {
    switch (config_.auth_type) {
        case AuthType::Auth:
            authenticator_ = std::make_unique<DenyAllAuthenticator>();
            break;
        case AuthType::BasicAuth:
            authenticator_ =
                std::make_unique<BasicAuthenticator>(*credentials_, *users_, verified_credentials_);
            break;
        default:
            break;
    }
    if (sessions_) {
        sessions_->set_events(&monitor_);
        authenticator_ = std::make_unique<SessionAuthenticator>(*sessions_);
        metrics_.set_active_sessions_source([this]() -> std::optional<std::int64_t> {
            try {
                return sessions_->count_live();
            } catch (const StorageError&) {
                return std::nullopt;  // the other metrics matter most when the store is down
            }
        });
    }
}

ServiceContainer::~ServiceContainer() = default;

SessionCookieSettings ServiceContainer::session_cookie() const {
    SessionCookieSettings cookie;
    cookie.name = config_.session_name;
    cookie.max_age_seconds = sessions_ ? sessions_->duration_seconds() : 0;
    cookie.secure = config_.cookie_secure;
    cookie.same_site = config_.session_same_site;
    return cookie;
}

ApiServices ServiceContainer::api_services() {
    ApiSettings settings{config_.session_name,    config_.auth_strict,   config_.public_origin,
                         config_.allowed_origins, config_.access_policy, config_.metrics_token};
    return ApiServices{*gate_,   *users_,  sessions_,        *credentials_,
                       monitor_, metrics_, session_cookie(), std::move(settings)};
}

std::unique_ptr<StoreTransaction> ServiceContainer::begin_transaction() {
    if (pg_database_) return std::make_unique<PgTransaction>(*pg_database_);
    return std::make_unique<WriteTransaction>(*database_);
}

}  // namespace authapi
