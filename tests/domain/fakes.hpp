#pragma once

#include <algorithm>
#include <map>
#include <vector>

#include "clock.hpp"
#include "email_address.hpp"
#include "secure_random.hpp"
#include "session_repository.hpp"
#include "user_repository.hpp"

namespace authapi::testing {

class FakeClock final : public Clock {
public:
    explicit FakeClock(std::int64_t start) : now_(start) {}
    std::int64_t now() const override { return now_; }
    void advance(std::int64_t seconds) { now_ += seconds; }

private:
    std::int64_t now_;
};

class CountingRandom final : public SecureRandom {
public:
    std::string session_token() override { return "token-" + std::to_string(++tokens_); }
    std::string uuid4() override { return "id-" + std::to_string(++ids_); }

private:
    int tokens_ = 0;
    int ids_ = 0;
};

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
        for (auto& u : users)
            if (u.id == user.id) {
                const bool is_admin = u.is_admin;  // written by set_admin only
                u = user;
                u.is_admin = is_admin;
                return true;
            }
        return false;
    }
    bool set_admin(const std::string& id, bool is_admin) override {
        for (auto& u : users)
            if (u.id == id) {
                u.is_admin = is_admin;
                return true;
            }
        return false;
    }
    bool remove(const std::string& id) override {
        auto it =
            std::remove_if(users.begin(), users.end(), [&](const User& u) { return u.id == id; });
        const bool found = it != users.end();
        users.erase(it, users.end());
        return found;
    }

    std::vector<User> users;
};

class MapSessionRepository final : public SessionRepository {
public:
    explicit MapSessionRepository(UserRepository& users) : users_(users) {}

    void insert(const UserSession& s) override { sessions[s.token_hash] = s; }
    std::optional<UserSession> find_by_token_hash(const std::string& h) override {
        auto it = sessions.find(h);
        if (it == sessions.end()) return std::nullopt;
        return it->second;
    }
    std::optional<SessionAndUser> find_with_user(const std::string& h) override {
        auto session = find_by_token_hash(h);
        if (!session) return std::nullopt;
        auto user = users_.find_by_id(session->user_id);
        if (!user) return std::nullopt;
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
    void for_each(const std::function<void(const UserSession&)>& visit) override {
        for (const auto& item : sessions) visit(item.second);
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
};

}  // namespace authapi::testing
