#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clock.hpp"
#include "secure_random.hpp"
#include "security_events.hpp"
#include "session_lookup.hpp"
#include "session_policy.hpp"
#include "session_repository.hpp"
#include "user.hpp"

namespace authapi {

std::string hash_session_token(const std::string& token);

// Who opened a session, as the HTTP layer saw it.
struct ClientInfo {
    std::string ip;
    std::string user_agent;  // truncated by create_session
};

// The longest User-Agent kept with a session, in bytes.
inline constexpr std::size_t kMaxUserAgentBytes = 256;

// Create, resolve, list and end sessions under a SessionPolicy.
class SessionService {
public:
    SessionService(SessionRepository& sessions, SecureRandom& random, Clock& clock,
                   SessionPolicy policy);

    // Returns the new token (the cookie value); only its hash is stored. The
    // session belongs to the credential `user` was read with (its
    // credential_version): nullopt, and no session, when that is not the
    // user's any more (the password changed since it was checked, or the
    // user is gone). The user's oldest sessions beyond the policy's bound end.
    std::optional<std::string> create_session(const User& user, const ClientInfo& client = {});
    // A login: the session named by `presented_token` (whoever's it is) ends
    // at once and a new one replaces it, so a login never leaves a token that
    // was in use before it valid.
    std::optional<std::string> rotate_session(const std::optional<std::string>& presented_token,
                                              const User& user, const ClientInfo& client);
    // The user behind a live session; nullopt for unknown, expired, idle or
    // orphaned tokens. A dead session is deleted when seen; a live one has
    // its last_seen_at refreshed once per policy().touch_interval().
    // `made_ahead`, when it is this token's, stands for the store's lookup.
    std::optional<User> user_for_token(const std::string& token,
                                       const SessionLookup* made_ahead = nullptr);
    // False when the token names no live session.
    bool destroy_session(const std::string& token);

    struct Page {
        std::vector<UserSession> sessions;
        std::optional<SessionCursor> next;  // set when more sessions follow
    };
    // The user's live sessions, oldest first: at most `limit`, after `after`.
    Page live_sessions_of(const std::string& user_id, const std::optional<SessionCursor>& after,
                          std::size_t limit);
    // Ends the user's session with public id `session_id`; false when the
    // user has no such live session.
    bool revoke(const std::string& user_id, const std::string& session_id);
    // Ends every session of the user but the one of `keep_token`; returns how
    // many of them were live.
    std::int64_t revoke_others(const std::string& user_id,
                               const std::optional<std::string>& keep_token);
    // Deletes every expired or idle session, in small batches; returns how many.
    std::int64_t purge_expired();

    bool is_live(const UserSession& session, std::int64_t now) const;
    std::int64_t duration_seconds() const { return policy_.duration_seconds; }
    const SessionPolicy& policy() const { return policy_; }
    // Live sessions of every user (absolute and idle expiry applied).
    std::int64_t count_live();
    // Told about every session found expired or idle (may be null).
    void set_events(SecurityEvents* events) { events_ = events; }

private:
    ExpiryCutoff expiry_cutoff() const;

    SessionRepository& sessions_;
    SecureRandom& random_;
    Clock& clock_;
    SessionPolicy policy_;
    SecurityEvents* events_ = nullptr;
};

}  // namespace authapi
