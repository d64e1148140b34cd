#pragma once

#include <array>
#include <optional>

struct sqlite3;

namespace authapi {

// What the wal-index header of a WAL-mode database says right now: it changes
// with every transaction any process commits (its change counter, last frame,
// salts and checksum), and with nothing else. Two equal stamps taken at two
// moments mean nobody committed in between.
//
// The header lives in the database's shared memory (`<file>-shm`), which
// SQLite maps into every process that has the database open; its layout is
// fixed across SQLite versions because processes running different versions
// must share it (sqlite.org/walformat.html, "the WAL-index header").
class WalIndexStamp {
public:
    // Both copies of the 48-byte header.
    static constexpr std::size_t kHeaderBytes = 48;

    // The header as `connection` can see it, once that connection has read
    // from the database in WAL mode (before that, or for a database that is
    // not in WAL mode, nothing is mapped yet: nullptr). The mapping is
    // SQLite's own, valid until the connection closes.
    static const volatile unsigned char* map(sqlite3* connection);

    // The header now; nullopt while a writer is updating it (its two copies
    // differ) or before it was ever initialised.
    static std::optional<WalIndexStamp> read(const volatile unsigned char* header);

    bool operator==(const WalIndexStamp& other) const { return bytes_ == other.bytes_; }
    bool operator!=(const WalIndexStamp& other) const { return !(*this == other); }

private:
    std::array<unsigned char, kHeaderBytes> bytes_{};
};

}  // namespace authapi
