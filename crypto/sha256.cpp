#include "sha256.hpp"

#include <sodium.h>

#include "sodium_runtime.hpp"

namespace authapi {

std::string sha256_hex(std::string_view bytes) {
    require_sodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

bool is_sha256_hex(std::string_view text) {
    if (text.size() != crypto_hash_sha256_BYTES * 2) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

}  // namespace authapi
