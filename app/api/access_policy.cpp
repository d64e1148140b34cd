#include "access_policy.hpp"

namespace authapi {

std::optional<AccessPolicy> parse_access_policy(std::string_view name) {
    if (name == "task") return AccessPolicy::Task;
    if (name == "owner") return AccessPolicy::Owner;
    return std::nullopt;
}

const char* access_policy_name(AccessPolicy policy) {
    return policy == AccessPolicy::Owner ? "owner" : "task";
}

bool access_allowed(AccessPolicy policy, Access access, const std::optional<User>& caller,
                    std::string_view user_id) {
    if (policy == AccessPolicy::Task) return true;
    switch (access) {
        case Access::Open:
        case Access::OwnData:
            return true;
        case Access::SelfOrAdmin:
            return caller && (caller->is_admin || user_id == "me" || user_id == caller->id);
        case Access::Admin:
            return caller && caller->is_admin;
    }
    return false;
}

}  // namespace authapi
