#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace authapi {

// A fixed set of threads for work too slow for a reactor thread (the password
// hash). The queue is bounded so that a flood is refused at once (the caller
// answers 503) instead of growing latency and memory without limit.
//
// The threads run at a lower scheduling priority (`nice_increment`): when the
// cores are busy, the reactor threads go first, so a login flood takes only
// the CPU time that requests in flight leave over.
class WorkerPool {
public:
    WorkerPool(unsigned threads, std::size_t max_queued, int nice_increment = 0);
    // Jobs still queued are dropped; running ones finish first.
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // False when max_queued jobs are already waiting: the job is not run.
    bool try_post(std::function<void()> job);

private:
    void run(int nice_increment);

    std::size_t max_queued_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace authapi
