#include "service_container.hpp"

#include "basic_auth.hpp"
#include "memory_session_repository.hpp"
#include "session_auth.hpp"
#include "store_factory.hpp"

namespace authapi {

ServiceContainer::ServiceContainer(const Config& config) : config_(config) {
    open_store();
    choose_sessions();
    // The database's cascade ends a deleted user's stored sessions; the
    // in-memory ones are ended by the user service.
    users_ =
        std::make_unique<UserService>(store_->users(), metered_hasher_, random_, clock_,
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
    SqliteMemory sqlite_memory;
    sqlite_memory.cache_kib = static_cast<std::size_t>(config_.db_cache_mib) * 1024;
    sqlite_memory.mmap_bytes = static_cast<std::size_t>(config_.db_mmap_mib) * 1024 * 1024;
    store_ = authapi::open_store(config_.db_path, config_.database_url, sqlite_memory);
    // Instances sharing a database (PostgreSQL) share the throttle's budget.
    auto accounts = store_->shared_attempt_windows("account", per_account);
    auto ips = store_->shared_attempt_windows("ip", per_ip);
    if (accounts && ips) {
        throttle_ = std::make_unique<LoginThrottle>(clock_, std::move(accounts), std::move(ips));
    } else {
        throttle_ = std::make_unique<LoginThrottle>(clock_, per_account, per_ip);
    }
}

void ServiceContainer::choose_sessions() {
    SessionPolicy policy{config_.session_duration, config_.session_idle_timeout,
                         config_.max_sessions_per_user};
    stored_sessions_ =
        std::make_unique<SessionService>(store_->sessions(), random_, clock_, policy);
    switch (config_.auth_type) {
        case AuthType::None:
        case AuthType::Auth:
        case AuthType::BasicAuth:
            break;
        case AuthType::SessionAuth:
            policy.duration_seconds = 0;  // the task's first session mode has no expiry
            [[fallthrough]];
        case AuthType::SessionExpAuth:
            memory_session_repository_ = std::make_unique<MemorySessionRepository>(store_->users());
            memory_sessions_ = std::make_unique<SessionService>(*memory_session_repository_,
                                                                random_, clock_, policy);
            sessions_ = memory_sessions_.get();
            break;
        case AuthType::SessionDbAuth:
            sessions_ = stored_sessions_.get();
            break;
    }
}

std::function<std::unique_ptr<SessionLookupPipeline>()>
ServiceContainer::session_lookup_pipelines() {
    if (sessions_ != stored_sessions_.get()) return {};
    Store* store = store_.get();  // null pipelines (SQLite) leave the threads without one
    return [store] { return store->session_lookup_pipeline(); };
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
    return store_->begin_transaction();
}

}  // namespace authapi
