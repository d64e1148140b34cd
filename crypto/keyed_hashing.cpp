#include "keyed_hashing.hpp"

#include <sodium.h>

#include "sodium_runtime.hpp"

namespace authapi {

namespace {

const unsigned char* bytes_of(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

void random_bytes(unsigned char* out, std::size_t size) {
    require_sodium();
    randombytes_buf(out, size);
}

std::uint64_t short_keyed_hash(const unsigned char (&key)[16], std::string_view data) {
    static_assert(crypto_shorthash_KEYBYTES == sizeof key, "SipHash-2-4 takes a 16-byte key");
    static_assert(crypto_shorthash_BYTES == sizeof(std::uint64_t), "SipHash-2-4 gives 64 bits");
    require_sodium();
    unsigned char out[crypto_shorthash_BYTES];
    crypto_shorthash(out, bytes_of(data), data.size(), key);
    std::uint64_t value = 0;
    for (unsigned char byte : out) value = (value << 8) | byte;
    return value;
}

void keyed_digest(std::string_view key, std::string_view first, std::string_view second,
                  unsigned char* out, std::size_t out_size) {
    require_sodium();
    crypto_generichash_state state;
    crypto_generichash_init(&state, key.empty() ? nullptr : bytes_of(key), key.size(), out_size);
    crypto_generichash_update(&state, bytes_of(first), first.size());
    crypto_generichash_update(&state, bytes_of(second), second.size());
    crypto_generichash_final(&state, out, out_size);
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back();
    return hex;
}

std::optional<std::string> decode_base64(std::string_view text) {
    require_sodium();
    std::string bytes(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                          text.size(), nullptr, &length, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size()) {
        return std::nullopt;
    }
    bytes.resize(length);
    return bytes;
}

}  // namespace authapi
