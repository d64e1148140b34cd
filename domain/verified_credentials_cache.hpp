#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "clock.hpp"
#include "credential_revocation.hpp"

namespace authapi {

// Which Authorization headers verified recently, and as which user and
// credential version, so that a Basic client is not hashed on every request.
// Keys are a BLAKE2b of the header keyed with a random per-process key:
// neither the password nor an offline-testable digest of it is kept. Entries
// live `ttl_seconds`, the cache holds at most `max_entries`. An entry is
// only good while its credential version is still the user's (the caller
// reads the user again on every hit): a password changed through any
// instance voids it at once. This process's own changes and removals also
// drop the user's entries right away. Thread-safe.
class VerifiedCredentialsCache final : public CredentialRevocation {
public:
    VerifiedCredentialsCache(const Clock& clock, std::int64_t ttl_seconds, std::size_t max_entries);

    // Taken before a verification starts; remember() ignores the result if a
    // revocation happened meanwhile (the password may have just changed).
    using Generation = std::uint64_t;
    Generation generation() const;

    struct Verified {
        std::string user_id;
        std::int64_t credential_version = 0;
    };
    std::optional<Verified> find(std::string_view header) const;
    void remember(std::string_view header, const std::string& user_id,
                  std::int64_t credential_version, Generation started);
    // Drops the header's entry (its credential is not the user's any more).
    void forget(std::string_view header);
    void revoke_user(const std::string& user_id) override;
    std::size_t size() const;

private:
    using Key = std::array<unsigned char, 32>;  // BLAKE2b-256
    struct KeyHash {
        std::size_t operator()(const Key& key) const;
    };
    struct Entry {
        Verified verified;
        std::int64_t expires_at;
    };

    Key key_of(std::string_view header) const;
    void evict_for_insert(std::int64_t now);

    const Clock& clock_;
    std::int64_t ttl_seconds_;
    std::size_t max_entries_;
    std::array<unsigned char, 32> secret_;
    mutable std::mutex mutex_;
    std::unordered_map<Key, Entry, KeyHash> entries_;
    Generation generation_ = 0;
};

}  // namespace authapi
