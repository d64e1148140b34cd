#include "connection_budget.hpp"

#include <algorithm>

namespace authapi {

namespace {

// Below this, what was freed is not worth a malloc_trim.
constexpr std::size_t kTrimWorthBytes = 4 * 1024 * 1024;

}  // namespace

bool ConnectionBudget::try_open() {
    std::size_t open = open_.load(std::memory_order_relaxed);
    do {
        if (open >= max_connections_) return false;
    } while (!open_.compare_exchange_weak(open, open + 1, std::memory_order_relaxed));
    return true;
}

void ConnectionBudget::close() {
    open_.fetch_sub(1, std::memory_order_relaxed);
}

bool ConnectionBudget::try_hold(std::size_t bytes) {
    std::size_t pending = pending_.load(std::memory_order_relaxed);
    do {
        if (bytes > max_pending_head_bytes_ - std::min(pending, max_pending_head_bytes_)) {
            return false;
        }
    } while (!pending_.compare_exchange_weak(pending, pending + bytes, std::memory_order_relaxed));
    const std::size_t now = pending + bytes;
    std::size_t peak = peak_.load(std::memory_order_relaxed);
    while (now > peak && !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
    }
    return true;
}

void ConnectionBudget::release(std::size_t bytes) {
    pending_.fetch_sub(bytes, std::memory_order_relaxed);
}

bool ConnectionBudget::take_trim_hint() {
    const std::size_t pending = pending_.load(std::memory_order_relaxed);
    std::size_t peak = peak_.load(std::memory_order_relaxed);
    if (peak < pending + kTrimWorthBytes) return false;
    // One thread wins the hint; the peak starts over from here.
    return peak_.compare_exchange_strong(peak, pending, std::memory_order_relaxed);
}

}  // namespace authapi
