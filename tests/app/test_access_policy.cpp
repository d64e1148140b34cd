#include <doctest/doctest.h>

#include "api/access_policy.hpp"

using namespace authapi;

namespace {

User user(const std::string& id, bool is_admin) {
    User u;
    u.id = id;
    u.is_admin = is_admin;
    return u;
}

}  // namespace

TEST_CASE("task: every route is open to whoever the gate let through") {
    for (Access access : {Access::Open, Access::OwnData, Access::SelfOrAdmin, Access::Admin}) {
        CHECK(access_allowed(AccessPolicy::Task, access, user("a", false), "b"));
        CHECK(access_allowed(AccessPolicy::Task, access, std::nullopt, "b"));
    }
}

TEST_CASE("owner: users reach themselves, administrators everyone") {
    const std::optional<User> alice = user("a", false);
    const std::optional<User> admin = user("root", true);
    const auto allowed = [](const std::optional<User>& caller, Access access, std::string_view id) {
        return access_allowed(AccessPolicy::Owner, access, caller, id);
    };
    CHECK(allowed(alice, Access::Open, ""));
    CHECK(allowed(alice, Access::OwnData, ""));
    CHECK(allowed(alice, Access::SelfOrAdmin, "a"));
    CHECK(allowed(alice, Access::SelfOrAdmin, "me"));
    CHECK_FALSE(allowed(alice, Access::SelfOrAdmin, "b"));
    CHECK_FALSE(allowed(alice, Access::SelfOrAdmin, "A"));
    CHECK_FALSE(allowed(alice, Access::Admin, ""));
    for (Access access : {Access::Open, Access::OwnData, Access::SelfOrAdmin, Access::Admin}) {
        CHECK(allowed(admin, access, "b"));
    }
    CHECK(allowed(std::nullopt, Access::Open, ""));
    CHECK_FALSE(allowed(std::nullopt, Access::SelfOrAdmin, "me"));
    CHECK_FALSE(allowed(std::nullopt, Access::Admin, ""));
    CHECK(parse_access_policy("owner") == AccessPolicy::Owner);
    CHECK(parse_access_policy("task") == AccessPolicy::Task);
    CHECK_FALSE(parse_access_policy("admin"));
}
