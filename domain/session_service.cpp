#include "session_service.hpp"

#include "constant_time.hpp"
#include "sha256.hpp"

namespace authapi {

namespace {

// Sessions deleted per write transaction by a purge: small enough that a
// request waiting for the write lock never waits long.
constexpr std::int64_t kPurgeBatch = 200;

// At most `limit` bytes, cut before a UTF-8 continuation byte so that a
// multi-byte character is never split.
std::string truncate_utf8(const std::string& text, std::size_t limit) {
    if (text.size() <= limit) return text;
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

}  // namespace

std::string hash_session_token(const std::string& token) {
    return sha256_hex(token);
}

SessionService::SessionService(SessionRepository& sessions, SecureRandom& random, Clock& clock,
                               SessionPolicy policy)
    : sessions_(sessions), random_(random), clock_(clock), policy_(policy) {}

std::optional<std::string> SessionService::create_session(const User& user,
                                                          const ClientInfo& client) {
    std::string token = random_.session_token();
    UserSession session;
    session.id = random_.uuid4();
    session.user_id = user.id;
    session.token_hash = hash_session_token(token);
    session.created_at = session.last_seen_at = clock_.now();
    session.expires_at = policy_.expires_at_for(session.created_at);
    session.ip = client.ip;
    session.user_agent = truncate_utf8(client.user_agent, kMaxUserAgentBytes);
    session.credential_version = user.credential_version;
    if (!sessions_.insert(session, policy_.max_sessions_per_user)) return std::nullopt;
    return token;
}

std::optional<std::string> SessionService::rotate_session(
    const std::optional<std::string>& presented_token, const User& user, const ClientInfo& client) {
    if (presented_token) sessions_.remove_by_token_hash(hash_session_token(*presented_token));
    return create_session(user, client);
}

bool SessionService::is_live(const UserSession& session, std::int64_t now) const {
    return policy_.cutoff_at(now).is_live(session);
}

std::optional<User> SessionService::user_for_token(const std::string& token,
                                                   const SessionLookup* made_ahead) {
    const std::string token_hash = hash_session_token(token);
    auto found = made_ahead && constant_time_equal(made_ahead->token_hash, token_hash)
                     ? made_ahead->found
                     : sessions_.find_with_user(token_hash);
    if (!found) return std::nullopt;
    const std::int64_t now = clock_.now();
    if (!is_live(found->session, now)) {
        sessions_.remove_by_token_hash(token_hash);
        if (events_) events_->session_expired(found->session);
        return std::nullopt;
    }
    if (now - found->session.last_seen_at >= policy_.touch_interval()) {
        sessions_.touch(token_hash, now);
    }
    return std::move(found->user);
}

bool SessionService::destroy_session(const std::string& token) {
    const std::string token_hash = hash_session_token(token);
    auto session = sessions_.find_by_token_hash(token_hash);
    if (!session) return false;
    const bool removed = sessions_.remove_by_token_hash(token_hash);
    return removed && is_live(*session, clock_.now());
}

SessionService::Page SessionService::live_sessions_of(const std::string& user_id,
                                                      const std::optional<SessionCursor>& after,
                                                      std::size_t limit) {
    Page page;
    // One more than asked: whether it comes back says if a next page exists.
    page.sessions = sessions_.live_sessions_of(user_id, expiry_cutoff(), after, limit + 1);
    if (page.sessions.size() > limit) {
        page.sessions.resize(limit);
        const UserSession& last = page.sessions.back();
        page.next = SessionCursor{last.created_at, last.position};
    }
    return page;
}

bool SessionService::revoke(const std::string& user_id, const std::string& session_id) {
    const std::int64_t now = clock_.now();
    bool live = false;
    sessions_.for_each_of_user(user_id, [&](const UserSession& session) {
        if (session.id == session_id) live = is_live(session, now);
    });
    return sessions_.remove_by_id(session_id, user_id) && live;
}

std::int64_t SessionService::revoke_others(const std::string& user_id,
                                           const std::optional<std::string>& keep_token) {
    std::optional<std::string> keep;
    if (keep_token) keep = hash_session_token(*keep_token);
    // The answer counts the sessions that were live; dead ones the sweeper
    // had not reached yet go too, uncounted.
    const std::int64_t now = clock_.now();
    std::int64_t live = 0;
    sessions_.for_each_of_user(user_id, [&](const UserSession& session) {
        const bool kept = keep && constant_time_equal(session.token_hash, *keep);
        if (!kept && is_live(session, now)) ++live;
    });
    const std::int64_t removed = sessions_.remove_all_of_user(user_id, keep);
    return live < removed ? live : removed;
}

ExpiryCutoff SessionService::expiry_cutoff() const {
    return policy_.cutoff_at(clock_.now());
}

std::int64_t SessionService::purge_expired() {
    return sessions_.remove_expired(expiry_cutoff(), kPurgeBatch);
}

std::int64_t SessionService::count_live() {
    return sessions_.count_live(expiry_cutoff());
}

}  // namespace authapi
