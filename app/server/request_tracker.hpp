#pragma once

#include <atomic>
#include <chrono>

namespace authapi {

// Counts requests in flight so that shutdown can let them finish, and tells
// new requests to go away while it does.
class RequestTracker {
public:
    class Scope {
    public:
        explicit Scope(RequestTracker& tracker) : tracker_(tracker) { ++tracker_.in_flight_; }
        ~Scope() { --tracker_.in_flight_; }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        RequestTracker& tracker_;
    };

    void start_draining() { draining_ = true; }
    bool draining() const { return draining_; }
    // Returns false when requests were still running at the deadline.
    bool wait_idle(std::chrono::milliseconds deadline) const;

private:
    std::atomic<int> in_flight_{0};
    std::atomic<bool> draining_{false};
};

}  // namespace authapi
