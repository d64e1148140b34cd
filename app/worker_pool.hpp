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
class WorkerPool {
public:
    WorkerPool(unsigned threads, std::size_t max_queued);
    // Jobs still queued are dropped; running ones finish first.
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // False when max_queued jobs are already waiting: the job is not run.
    bool try_post(std::function<void()> job);

private:
    void run();

    std::size_t max_queued_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace authapi
