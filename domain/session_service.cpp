#include "session_service.hpp"

#include "sha256.hpp"

namespace authapi {

std::string hash_session_token(const std::string& token) {
    return sha256_hex(token);
}

SessionService::SessionService(SessionRepository& sessions, UserRepository& users,
                               SecureRandom& random, Clock& clock, std::int64_t duration_seconds)
    : sessions_(sessions),
      users_(users),
      random_(random),
      clock_(clock),
      duration_(duration_seconds) {}

std::string SessionService::create_session(const std::string& user_id) {
    std::string token = random_.session_token();
    UserSession session;
    session.id = random_.uuid4();
    session.user_id = user_id;
    session.token_hash = hash_session_token(token);
    session.created_at = clock_.now();
    if (duration_ > 0) session.expires_at = session.created_at + duration_;
    sessions_.insert(session);
    return token;
}

std::optional<User> SessionService::user_for_token(const std::string& token) {
    const std::string token_hash = hash_session_token(token);
    auto session = sessions_.find_by_token_hash(token_hash);
    if (!session) return std::nullopt;
    // Valid while now <= expires_at: the boundary second is still inside.
    if (session->expires_at && clock_.now() > *session->expires_at) {
        sessions_.remove_by_token_hash(token_hash);
        if (events_) events_->session_expired(*session);
        return std::nullopt;
    }
    return users_.find_by_id(session->user_id);
}

bool SessionService::destroy_session(const std::string& token) {
    const std::string token_hash = hash_session_token(token);
    auto session = sessions_.find_by_token_hash(token_hash);
    if (!session) return false;
    const bool removed = sessions_.remove_by_token_hash(token_hash);
    const bool expired = session->expires_at && clock_.now() > *session->expires_at;
    return removed && !expired;
}

}  // namespace authapi
