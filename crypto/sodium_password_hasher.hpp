#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "password_hasher.hpp"

namespace authapi {

// Argon2id through libsodium, stored as a PHC string. Legacy hashes (the
// reference's unsalted lower-case hex SHA-256) still verify, and report that
// they need a rehash so a successful login upgrades them.
class SodiumPasswordHasher final : public PasswordHasher {
public:
    // OWASP's minimum for Argon2id: m = 19 MiB, t = 2, p = 1.
    static constexpr unsigned long long kDefaultOpsLimit = 2;
    static constexpr std::size_t kDefaultMemLimit = 19u * 1024u * 1024u;

    SodiumPasswordHasher(unsigned long long ops_limit = kDefaultOpsLimit,
                         std::size_t mem_limit = kDefaultMemLimit);

    std::string hash(std::string_view password) const override;
    bool verify(std::string_view password, std::string_view stored_hash) const override;
    bool needs_rehash(std::string_view stored_hash) const override;
    // An Argon2 PHC string ("$argon2id$..." or "$argon2i$...").
    bool runs_key_derivation(std::string_view stored_hash) const override;

private:
    unsigned long long ops_limit_;
    std::size_t mem_limit_;
};

}  // namespace authapi
