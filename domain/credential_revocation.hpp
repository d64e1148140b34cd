#pragma once

#include <string>

namespace authapi {

// Told when a user's stored credentials change or the user is removed, so
// that anything which remembered "these credentials are this user" forgets.
class CredentialRevocation {
public:
    virtual ~CredentialRevocation() = default;
    virtual void revoke_user(const std::string& user_id) = 0;
};

}  // namespace authapi
