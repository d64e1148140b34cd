#pragma once

#include <atomic>
#include <cstddef>

namespace authapi {

// What all connections of one process may hold at once, shared by every
// reactor thread: how many connections are open, and how many bytes are held
// for request heads that are not complete yet (slow or stalled clients).
class ConnectionBudget {
public:
    // A head's first kFreeHeadBytes are never refused for the shared bound, so
    // that ordinary requests go through while slow clients hold it all.
    static constexpr std::size_t kFreeHeadBytes = 8 * 1024;

    ConnectionBudget(std::size_t max_connections, std::size_t max_pending_head_bytes)
        : max_connections_(max_connections), max_pending_head_bytes_(max_pending_head_bytes) {}

    // False when max_connections are open already.
    bool try_open();
    void close();
    std::size_t open_connections() const { return open_.load(std::memory_order_relaxed); }

    // Counts `bytes` more held for unfinished heads; false (and nothing
    // counted) when that would go over max_pending_head_bytes.
    bool try_hold(std::size_t bytes);
    void release(std::size_t bytes);
    std::size_t pending_head_bytes() const { return pending_.load(std::memory_order_relaxed); }

    // True once after the pending bytes fell far below their peak: the
    // moment to give freed memory back to the system (malloc_trim).
    bool take_trim_hint();

private:
    std::size_t max_connections_;
    std::size_t max_pending_head_bytes_;
    std::atomic<std::size_t> open_{0};
    std::atomic<std::size_t> pending_{0};
    std::atomic<std::size_t> peak_{0};
};

}  // namespace authapi
