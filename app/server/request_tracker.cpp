#include "request_tracker.hpp"

#include <thread>

namespace authapi {

bool RequestTracker::wait_idle(std::chrono::milliseconds deadline) const {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (in_flight_ > 0) {
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

}  // namespace authapi
