#pragma once

#include <algorithm>
#include <map>
#include <vector>

#include "clock.hpp"
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
            if (u.email == email) return u;
        return std::nullopt;
    }
    void for_each(const std::function<void(const User&)>& visit) override {
        for (const auto& u : users) visit(u);
    }
    std::int64_t count() override { return static_cast<std::int64_t>(users.size()); }
    bool update(const User& user) override {
        for (auto& u : users)
            if (u.id == user.id) {
                u = user;
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
    void insert(const UserSession& s) override { sessions[s.token_hash] = s; }
    std::optional<UserSession> find_by_token_hash(const std::string& h) override {
        auto it = sessions.find(h);
        if (it == sessions.end()) return std::nullopt;
        return it->second;
    }
    bool remove_by_token_hash(const std::string& h) override { return sessions.erase(h) > 0; }
    std::int64_t remove_expired(std::int64_t now) override {
        std::int64_t n = 0;
        for (auto it = sessions.begin(); it != sessions.end();) {
            if (it->second.expires_at && *it->second.expires_at < now) {
                it = sessions.erase(it);
                ++n;
            } else {
                ++it;
            }
        }
        return n;
    }
    std::int64_t count_live(std::int64_t now) override {
        std::int64_t n = 0;
        for (const auto& entry : sessions) {
            if (!entry.second.expires_at || *entry.second.expires_at >= now) ++n;
        }
        return n;
    }

    std::map<std::string, UserSession> sessions;
};

}  // namespace authapi::testing
