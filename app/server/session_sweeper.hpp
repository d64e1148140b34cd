#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "session_service.hpp"

namespace authapi {

// Deletes expired and idle sessions in the background, every `interval`,
// in the small batches of SessionService::purge_expired (the write lock is
// released between batches, so requests are never held up for long). The
// thread stops, and is joined, when this is destroyed; it must be destroyed
// before the services it sweeps.
class SessionSweeper {
public:
    // `report` receives each pass that deleted something, or failed.
    using Report = std::function<void(const std::string& message)>;

    SessionSweeper(std::vector<SessionService*> services, std::chrono::seconds interval,
                   Report report);
    ~SessionSweeper();

    SessionSweeper(const SessionSweeper&) = delete;
    SessionSweeper& operator=(const SessionSweeper&) = delete;

private:
    void run();

    std::vector<SessionService*> services_;
    std::chrono::seconds interval_;
    Report report_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace authapi
