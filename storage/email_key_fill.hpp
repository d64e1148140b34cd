#pragma once

#include <string>
#include <vector>

namespace authapi {

// What migration 0006 (the `fill_email_keys` step) reads of each user.
struct StoredEmail {
    std::string id;
    std::string email;
    std::string key;  // email_key(email)
};

// Throws the StorageError that refuses the migration when existing users'
// addresses have the same key: it names each of them (`colliding`, grouped by
// key) and says what the operator can do. Nothing is merged or dropped.
[[noreturn]] void refuse_email_collisions(const std::vector<StoredEmail>& colliding);

}  // namespace authapi
