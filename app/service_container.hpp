#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/api_services.hpp"
#include "api/session_cookie.hpp"
#include "auth_gate.hpp"
#include "authenticator.hpp"
#include "clock.hpp"
#include "config.hpp"
#include "credential_guard.hpp"
#include "login_throttle.hpp"
#include "observability/audit_log.hpp"
#include "observability/metered_password_hasher.hpp"
#include "observability/metrics.hpp"
#include "observability/security_monitor.hpp"
#include "session_repository.hpp"
#include "session_service.hpp"
#include "sodium_password_hasher.hpp"
#include "sodium_secure_random.hpp"
#include "store_factory.hpp"
#include "store_transaction.hpp"
#include "user_repository.hpp"
#include "user_service.hpp"
#include "verified_credentials_cache.hpp"

namespace authapi {

// The composition root: the one place that picks implementations (SQLite or
// PostgreSQL, stored or in-memory sessions, which Authenticator for AUTH_TYPE) and wires them.
class ServiceContainer {
public:
    // Opens DB_PATH and applies pending migrations (names in applied_migrations()).
    explicit ServiceContainer(const Config& config);
    ~ServiceContainer();

    UserService& users() { return *users_; }
    // The session service of the session modes; null otherwise.
    SessionService* sessions() { return sessions_; }
    // Sessions of the database's user_sessions table, whatever AUTH_TYPE
    // says: for the administration commands and the import.
    SessionService& stored_sessions() { return *stored_sessions_; }
    SessionRepository& stored_session_repository() { return store_->sessions(); }
    UserRepository& user_repository() { return store_->users(); }
    // Store::release_thread_snapshot, for the server's threads when idle.
    void release_thread_snapshot() { store_->release_thread_snapshot(); }
    // Makes one HTTP thread's session lookup pipeline when sessions live in
    // the store (session_db_auth): null from a store without one (SQLite);
    // empty in the other modes.
    std::function<std::unique_ptr<SessionLookupPipeline>()> session_lookup_pipelines();
    // A transaction over the repositories for the calling thread (the import).
    std::unique_ptr<StoreTransaction> begin_transaction();
    const AuthGate& gate() const { return *gate_; }
    const Config& config() const { return config_; }
    const std::vector<std::string>& applied_migrations() const {
        return store_->applied_migrations();
    }
    CredentialGuard& credentials() { return *credentials_; }
    Metrics& metrics() { return metrics_; }
    SecurityMonitor& monitor() { return monitor_; }
    // The session cookie as every login sets it (SESSION_NAME, the session
    // modes' lifetime, COOKIE_SECURE, SESSION_SAMESITE).
    SessionCookieSettings session_cookie() const;
    // The services and settings the API's routes are built from.
    ApiServices api_services();

private:
    // The store DATABASE_URL or DB_PATH names, migrated, its repositories and
    // the login throttle (shared through PostgreSQL, else in this process).
    void open_store();
    // The session service of AUTH_TYPE: stored, in memory, or none.
    void choose_sessions();
    // The Authenticator of AUTH_TYPE (none when authentication is off).
    void choose_authenticator();

    Config config_;
    SystemClock clock_;
    SodiumSecureRandom random_;
    SodiumPasswordHasher hasher_;
    // Basic credentials that verified in the last minute (at most 10000).
    VerifiedCredentialsCache verified_credentials_{clock_, 60, 10000};
    Metrics metrics_;
    AuditLog audit_{stderr, config_.audit_key};
    SecurityMonitor monitor_{audit_, metrics_};
    MeteredPasswordHasher metered_hasher_{hasher_, metrics_};
    // DATABASE_URL's PostgreSQL, else DB_PATH's SQLite file, with its repositories.
    std::unique_ptr<Store> store_;
    // In this process with SQLite; in the shared database with PostgreSQL.
    std::unique_ptr<LoginThrottle> throttle_;
    std::unique_ptr<SessionRepository> memory_session_repository_;
    std::unique_ptr<SessionService> stored_sessions_;
    std::unique_ptr<UserService> users_;
    std::unique_ptr<CredentialGuard> credentials_;
    std::unique_ptr<SessionService> memory_sessions_;
    SessionService* sessions_ = nullptr;  // stored_sessions_, memory_sessions_, or none
    std::unique_ptr<Authenticator> authenticator_;
    std::unique_ptr<AuthGate> gate_;
};

}  // namespace authapi
