#pragma once

#include <string>
#include <string_view>

namespace authapi {

class PasswordHasher {
public:
    virtual ~PasswordHasher() = default;
    virtual std::string hash(std::string_view password) const = 0;
    // Constant-time with respect to the stored secret.
    virtual bool verify(std::string_view password, std::string_view stored_hash) const = 0;
    // True for legacy formats and for Argon2id with weaker parameters.
    virtual bool needs_rehash(std::string_view stored_hash) const = 0;
    // True when verify() against `stored_hash` runs the key derivation;
    // false for a legacy, empty or malformed hash, which answers at once.
    virtual bool runs_key_derivation(std::string_view stored_hash) const = 0;
};

}  // namespace authapi
