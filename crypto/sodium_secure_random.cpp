#include "sodium_secure_random.hpp"

#include <sodium.h>

#include <cstdio>
#include <stdexcept>

#include "sodium_runtime.hpp"

namespace authapi {

SodiumSecureRandom::SodiumSecureRandom() {
    require_sodium();
}

std::string SodiumSecureRandom::session_token() {
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    char out[sodium_base64_ENCODED_LEN(sizeof bytes, variant)];
    sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, variant);
    sodium_memzero(bytes, sizeof bytes);
    return out;
}

std::string SodiumSecureRandom::uuid4() {
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
    char out[37];
    std::snprintf(out, sizeof out,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                  b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return out;
}

}  // namespace authapi
