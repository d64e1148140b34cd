#include "session_sweeper.hpp"

#include <exception>
#include <string>

namespace authapi {

SessionSweeper::SessionSweeper(std::vector<SessionService*> services, std::chrono::seconds interval,
                               Report report)
    : services_(std::move(services)),
      interval_(interval),
      report_(std::move(report)),
      thread_([this] { run(); }) {}

SessionSweeper::~SessionSweeper() {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void SessionSweeper::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
        lock.unlock();
        for (SessionService* service : services_) {
            try {
                const std::int64_t purged = service->purge_expired();
                if (purged > 0) {
                    report_("purged " + std::to_string(purged) + " expired sessions");
                }
            } catch (const std::exception& e) {
                // The next pass retries; the server keeps serving meanwhile.
                report_(std::string("session purge failed: ") + e.what());
            }
        }
        lock.lock();
    }
}

}  // namespace authapi
