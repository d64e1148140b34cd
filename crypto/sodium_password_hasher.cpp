#include "sodium_password_hasher.hpp"

#include <sodium.h>

#include <stdexcept>

#include "sha256.hpp"
#include "sodium_runtime.hpp"

namespace authapi {

SodiumPasswordHasher::SodiumPasswordHasher(unsigned long long ops_limit, std::size_t mem_limit)
    : ops_limit_(ops_limit), mem_limit_(mem_limit) {
    require_sodium();
}

std::string SodiumPasswordHasher::hash(std::string_view password) const {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops_limit_, mem_limit_,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("argon2id hashing failed (out of memory?)");
    }
    return out;
}

bool SodiumPasswordHasher::verify(std::string_view password, std::string_view stored) const {
    if (is_sha256_hex(stored)) {
        const std::string computed = sha256_hex(password);
        return sodium_memcmp(computed.data(), stored.data(), stored.size()) == 0;
    }
    // crypto_pwhash_str_verify needs a NUL-terminated string.
    const std::string phc(stored);
    if (phc.size() >= crypto_pwhash_STRBYTES || phc.find('\0') != std::string::npos) return false;
    return crypto_pwhash_str_verify(phc.c_str(), password.data(), password.size()) == 0;
}

bool SodiumPasswordHasher::runs_key_derivation(std::string_view stored) const {
    return stored.rfind("$argon2id$", 0) == 0 || stored.rfind("$argon2i$", 0) == 0;
}

bool SodiumPasswordHasher::needs_rehash(std::string_view stored) const {
    if (is_sha256_hex(stored)) return true;
    const std::string phc(stored);
    return crypto_pwhash_str_needs_rehash(phc.c_str(), ops_limit_, mem_limit_) != 0;
}

}  // namespace authapi
