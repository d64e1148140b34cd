#include "wal_index_stamp.hpp"

#include <sqlite3.h>

#include <atomic>

namespace authapi {

namespace {

// The shared-memory pages SQLite maps are 32 KiB each; the header is at the
// start of the first.
constexpr int kShmPageBytes = 32768;
// Offset of isInit in the header: iVersion, unused, iChange (3 x u32).
constexpr std::size_t kIsInitOffset = 12;

void copy_header(const volatile unsigned char* from, unsigned char* to) {
    for (std::size_t i = 0; i < WalIndexStamp::kHeaderBytes; ++i) to[i] = from[i];
}

}  // namespace

const volatile unsigned char* WalIndexStamp::map(sqlite3* connection) {
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(connection, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK ||
        file == nullptr || file->pMethods == nullptr || file->pMethods->iVersion < 2 ||
        file->pMethods->xShmMap == nullptr) {
        return nullptr;
    }
    // Not extending: only a region the connection already uses is returned.
    void volatile* region = nullptr;
    if (file->pMethods->xShmMap(file, 0, kShmPageBytes, 0, &region) != SQLITE_OK) return nullptr;
    return static_cast<const volatile unsigned char*>(region);
}

std::optional<WalIndexStamp> WalIndexStamp::read(const volatile unsigned char* header) {
    // Writers update the second copy, then the first (SQLite's
    // walIndexWriteHdr); reading the first, then the second, and comparing
    // them tells a complete header from one being written.
    WalIndexStamp first;
    WalIndexStamp second;
    copy_header(header, first.bytes_.data());
    std::atomic_thread_fence(std::memory_order_acquire);
    copy_header(header + kHeaderBytes, second.bytes_.data());
    if (first != second || first.bytes_[kIsInitOffset] == 0) return std::nullopt;
    return first;
}

}  // namespace authapi
