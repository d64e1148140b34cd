#pragma once

#include "metrics.hpp"
#include "password_hasher.hpp"

namespace authapi {

// Times every hash and verification of another PasswordHasher for the
// metrics (their count is also how tests see that a refused login hashed
// nothing).
class MeteredPasswordHasher final : public PasswordHasher {
public:
    MeteredPasswordHasher(const PasswordHasher& inner, Metrics& metrics)
        : inner_(inner), metrics_(metrics) {}

    std::string hash(std::string_view password) const override;
    bool verify(std::string_view password, std::string_view stored_hash) const override;
    bool needs_rehash(std::string_view stored_hash) const override {
        return inner_.needs_rehash(stored_hash);
    }
    bool runs_key_derivation(std::string_view stored_hash) const override {
        return inner_.runs_key_derivation(stored_hash);
    }

private:
    const PasswordHasher& inner_;
    Metrics& metrics_;
};

}  // namespace authapi
