#pragma once

#include <cstddef>

namespace authapi {

// What each SQLite connection may hold of the file's pages. The server opens
// one connection per thread that reads, so the process holds up to that many
// times this.
struct SqliteMemory {
    // The page cache, on the connection's heap (PRAGMA cache_size). SQLite's
    // own default is 2000 KiB.
    std::size_t cache_kib = 2000;
    // How much of the file is read through a memory map rather than read(2)
    // (PRAGMA mmap_size); 0: none. A mapped page costs no system call and no
    // copy, but every page a lookup touched stays mapped, counted in the
    // process's resident memory (as shared file pages the kernel may take
    // back); and an I/O error reading a mapped page is a SIGBUS, which ends
    // the process, where read(2) would fail the one request. SQLite caps it
    // at 2 GiB less 64 KiB.
    std::size_t mmap_bytes = 0;
};

}  // namespace authapi
