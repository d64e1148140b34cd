#pragma once

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "email_address.hpp"
#include "session_repository.hpp"
#include "test_doubles.hpp"
#include "user_repository.hpp"

namespace authapi::testing {

class VectorUserRepository final : public UserRepository {
public:
    void insert(const User& user) override {
        if (find_by_email(user.email)) throw EmailAlreadyExists();
        users.push_back(user);
    }
    std::optional<User> find_by_id(const std::string& id) override {
        for (const auto& u : users)
            if (u.id == id) return u;
        return std::nullopt;
    }
    std::optional<User> find_by_email(const std::string& email) override {
        for (const auto& u : users)
            if (email_key(u.email) == email_key(email)) return u;
        return std::nullopt;
    }
    void for_each(const std::function<void(const User&)>& visit) override {
        for (const auto& u : users) visit(u);
    }
    std::int64_t count() override { return static_cast<std::int64_t>(users.size()); }
    bool update(const User& user) override {
        User* stored = find(user.id);
        if (!stored) return false;
        stored->first_name = user.first_name;
        stored->last_name = user.last_name;
        stored->updated_at = user.updated_at;
        return true;
    }
    // The user's password only: the sessions of a test live in a
    // MapSessionRepository, given to the UserService as a store outside this one.
    std::optional<PasswordReplaced> replace_password(const PasswordReplacement& r) override {
        User* stored = find(r.user_id);
        if (!stored || stored->credential_version != r.expected_version) return std::nullopt;
        stored->password_hash = r.password_hash;
        stored->updated_at = r.updated_at;
        ++stored->credential_version;
        return PasswordReplaced{stored->credential_version, 0};
    }
    bool upgrade_password_hash(const std::string& id, const std::string& old_hash,
                               const std::string& new_hash) override {
        User* stored = find(id);
        if (!stored || stored->password_hash != old_hash) return false;
        stored->password_hash = new_hash;
        return true;
    }
    bool set_admin(const std::string& id, bool is_admin) override {
        User* stored = find(id);
        if (!stored) return false;
        stored->is_admin = is_admin;
        return true;
    }
    bool remove(const std::string& id) override {
        auto it =
            std::remove_if(users.begin(), users.end(), [&](const User& u) { return u.id == id; });
        const bool found = it != users.end();
        users.erase(it, users.end());
        return found;
    }

    std::vector<User> users;

private:
    User* find(const std::string& id) {
        for (auto& u : users)
            if (u.id == id) return &u;
        return nullptr;
    }
};

class MapSessionRepository final : public SessionRepository {
public:
    explicit MapSessionRepository(UserRepository& users) : users_(users) {}

    using SessionRepository::insert;
    bool insert(const UserSession& s, std::int64_t max_per_user) override {
        const auto user = users_.find_by_id(s.user_id);
        if (!user || user->credential_version != s.credential_version) return false;
        UserSession stored = s;
        stored.position = ++positions_;
        sessions[s.token_hash] = stored;
        while (max_per_user > 0 && count_of(s.user_id) > max_per_user) {
            erase_if([&, oldest = oldest_of(s.user_id)](const UserSession& o) {
                return o.token_hash == oldest;
            });
        }
        return true;
    }
    std::optional<UserSession> find_by_token_hash(const std::string& h) override {
        auto it = sessions.find(h);
        if (it == sessions.end()) return std::nullopt;
        return it->second;
    }
    std::optional<SessionAndUser> find_with_user(const std::string& h) override {
        auto session = find_by_token_hash(h);
        if (!session) return std::nullopt;
        auto user = users_.find_by_id(session->user_id);
        if (!user || user->credential_version != session->credential_version) return std::nullopt;
        return SessionAndUser{*session, *user};
    }
    bool remove_by_token_hash(const std::string& h) override { return sessions.erase(h) > 0; }
    void touch(const std::string& h, std::int64_t now) override {
        ++touches;
        auto it = sessions.find(h);
        if (it != sessions.end() && it->second.last_seen_at < now) it->second.last_seen_at = now;
    }
    void for_each_of_user(const std::string& user_id,
                          const std::function<void(const UserSession&)>& visit) override {
        for (const auto& item : sessions)
            if (item.second.user_id == user_id) visit(item.second);
    }
    std::vector<UserSession> live_sessions_of(const std::string& user_id,
                                              const ExpiryCutoff& cutoff,
                                              const std::optional<SessionCursor>& after,
                                              std::size_t limit) override {
        const auto user = users_.find_by_id(user_id);
        std::vector<UserSession> page;
        if (!user) return page;
        for (const auto& session : ordered_of(user_id)) {
            if (page.size() >= limit) break;
            if (after && std::make_pair(session.created_at, session.position) <=
                             std::make_pair(after->created_at, after->position)) {
                continue;
            }
            if (session.credential_version == user->credential_version &&
                (!session.expires_at || *session.expires_at >= cutoff.now) &&
                (!cutoff.idle_cutoff || session.last_seen_at >= *cutoff.idle_cutoff)) {
                page.push_back(session);
            }
        }
        return page;
    }
    void for_each(const std::function<void(const UserSession&)>& visit) override {
        for (const auto& item : sessions) visit(item.second);
    }
    // Outside the user store: its sessions end here, as the memory store's.
    std::optional<PasswordReplaced> replace_password(UserRepository& users,
                                                     const PasswordReplacement& r) override {
        auto done = users.replace_password(r);
        if (!done) return done;
        done->sessions_ended += remove_all_of_user(r.user_id, r.keep_token_hash);
        if (r.keep_token_hash) {
            auto kept = sessions.find(*r.keep_token_hash);
            if (kept != sessions.end()) kept->second.credential_version = done->credential_version;
        }
        return done;
    }
    bool remove_by_id(const std::string& id, const std::optional<std::string>& user_id) override {
        return erase_if([&](const UserSession& s) {
                   return s.id == id && (!user_id || s.user_id == *user_id);
               }) > 0;
    }
    std::int64_t remove_all_of_user(const std::string& user_id,
                                    const std::optional<std::string>& keep) override {
        return erase_if([&](const UserSession& s) {
            return s.user_id == user_id && (!keep || s.token_hash != *keep);
        });
    }
    std::int64_t remove_expired_batch(const ExpiryCutoff& cutoff, std::int64_t limit) override {
        std::int64_t n = 0;
        for (auto it = sessions.begin(); it != sessions.end() && n < limit;) {
            const UserSession& s = it->second;
            if ((s.expires_at && *s.expires_at < cutoff.now) ||
                (cutoff.idle_cutoff && s.last_seen_at < *cutoff.idle_cutoff)) {
                it = sessions.erase(it);
                ++n;
            } else {
                ++it;
            }
        }
        return n;
    }
    std::int64_t count_live(const ExpiryCutoff& cutoff) override {
        std::int64_t n = 0;
        for (const auto& entry : sessions) {
            const UserSession& s = entry.second;
            if ((!s.expires_at || *s.expires_at >= cutoff.now) &&
                (!cutoff.idle_cutoff || s.last_seen_at >= *cutoff.idle_cutoff)) {
                ++n;
            }
        }
        return n;
    }

    std::map<std::string, UserSession> sessions;
    int touches = 0;

private:
    std::vector<UserSession> ordered_of(const std::string& user_id) const {
        std::vector<UserSession> of_user;
        for (const auto& item : sessions)
            if (item.second.user_id == user_id) of_user.push_back(item.second);
        std::sort(of_user.begin(), of_user.end(), [](const UserSession& a, const UserSession& b) {
            return std::make_pair(a.created_at, a.position) <
                   std::make_pair(b.created_at, b.position);
        });
        return of_user;
    }
    std::int64_t count_of(const std::string& user_id) const {
        return static_cast<std::int64_t>(ordered_of(user_id).size());
    }
    std::string oldest_of(const std::string& user_id) const {
        return ordered_of(user_id).front().token_hash;
    }

    template <typename Predicate>
    std::int64_t erase_if(Predicate matches) {
        std::int64_t n = 0;
        for (auto it = sessions.begin(); it != sessions.end();) {
            if (matches(it->second)) {
                it = sessions.erase(it);
                ++n;
            } else {
                ++it;
            }
        }
        return n;
    }

    UserRepository& users_;
    std::int64_t positions_ = 0;
};

}  // namespace authapi::testing
