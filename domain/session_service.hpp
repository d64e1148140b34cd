#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "clock.hpp"
#include "secure_random.hpp"
#include "security_events.hpp"
#include "session_repository.hpp"
#include "user.hpp"
#include "user_repository.hpp"

namespace authapi {

std::string hash_session_token(const std::string& token);

// Create, resolve and end sessions. A duration <= 0 means sessions never
// expire; otherwise a session is valid while now <= created_at + duration.
class SessionService {
public:
    SessionService(SessionRepository& sessions, UserRepository& users, SecureRandom& random,
                   Clock& clock, std::int64_t duration_seconds);

    // Returns the new token (the cookie value). Only its hash is stored.
    std::string create_session(const std::string& user_id);
    // The user behind a live session; nullopt for unknown, expired or
    // orphaned tokens. An expired session is deleted when seen.
    std::optional<User> user_for_token(const std::string& token);
    // False when the token names no live session.
    bool destroy_session(const std::string& token);

    std::int64_t duration_seconds() const { return duration_; }
    // Told about every session found expired (may be null).
    void set_events(SecurityEvents* events) { events_ = events; }

private:
    SessionRepository& sessions_;
    UserRepository& users_;
    SecureRandom& random_;
    Clock& clock_;
    std::int64_t duration_;
    SecurityEvents* events_ = nullptr;
};

}  // namespace authapi
