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
    : config_(config), database_(std::make_unique<SqliteDatabase>(config.db_path)) {
    applied_migrations_ = apply_migrations(*database_, embedded_migrations());
    user_repository_ = std::make_unique<SqliteUserRepository>(*database_);
    users_ = std::make_unique<UserService>(*user_repository_, hasher_, random_, clock_,
                                           &verified_credentials_);

    std::int64_t duration = config.session_duration;
    switch (config.auth_type) {
        case AuthType::None:
            break;
        case AuthType::Auth:
            authenticator_ = std::make_unique<DenyAllAuthenticator>();
            break;
        case AuthType::BasicAuth:
            authenticator_ = std::make_unique<BasicAuthenticator>(*users_, &verified_credentials_);
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
        authenticator_ = std::make_unique<SessionAuthenticator>(*sessions_);
    }
    gate_ = std::make_unique<AuthGate>(authenticator_.get(), default_excluded_paths());
}

ServiceContainer::~ServiceContainer() = default;

}  // namespace authapi
