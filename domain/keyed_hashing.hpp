#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace authapi {

// The few cryptographic primitives the domain and the logs use directly.
// Declared here in plain C++; crypto/ implements them (libsodium), so no
// libsodium header reaches the domain.

// Fills `size` bytes from the operating system's CSPRNG.
void random_bytes(unsigned char* out, std::size_t size);

// SipHash-2-4 of `data` under a 16-byte key: hash-table keys an outsider
// cannot aim at one bucket.
std::uint64_t short_keyed_hash(const unsigned char (&key)[16], std::string_view data);

// BLAKE2b of `first` followed by `second`, keyed with `key` (empty: unkeyed),
// `out_size` bytes long (1 to 64; BLAKE2b's output length is a parameter, not
// a truncation).
void keyed_digest(std::string_view key, std::string_view first, std::string_view second,
                  unsigned char* out, std::size_t out_size);

// Lower-case hex of `size` bytes.
std::string to_hex(const unsigned char* bytes, std::size_t size);

// Strict padded base64 (the standard alphabet) -> its bytes; nullopt for
// anything else (other characters, missing padding, trailing bytes).
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace authapi
