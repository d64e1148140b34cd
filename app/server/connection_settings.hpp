#pragma once

#include <chrono>
#include <cstddef>

namespace authapi {

// The bounds of one connection, and of all of them together (README, Limits).
struct ConnectionLimits {
    std::size_t max_request_bytes = 64 * 1024;  // header section, and body, each
    std::size_t max_connections = 4096;         // open at once, per process
    // Held for unfinished heads, all connections together (see ConnectionBudget).
    std::size_t max_pending_head_bytes = 64 * 1024 * 1024;
};

// How long a client may take: to send a head, then its body; to stay idle
// between requests.
struct ConnectionTimeouts {
    std::chrono::milliseconds header{10000};
    std::chrono::milliseconds body{10000};
    std::chrono::milliseconds keepalive{15000};
};

}  // namespace authapi
