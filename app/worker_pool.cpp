#include "worker_pool.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace authapi {

WorkerPool::WorkerPool(unsigned threads, std::size_t max_queued, int nice_increment)
    : max_queued_(max_queued) {
    threads_.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) {
        threads_.emplace_back([this, nice_increment] { run(nice_increment); });
    }
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        queue_.clear();
    }
    wake_.notify_all();
    for (auto& thread : threads_) thread.join();
}

bool WorkerPool::try_post(std::function<void()> job) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_ || queue_.size() >= max_queued_) return false;
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

void WorkerPool::run(int nice_increment) {
    if (nice_increment != 0) {
        // Linux applies a nice value per thread; failing to lower it only
        // costs fairness, never correctness.
        const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
        const int current = ::getpriority(PRIO_PROCESS, tid);
        [[maybe_unused]] int ignored = ::setpriority(PRIO_PROCESS, tid, current + nice_increment);
    }
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        // Jobs catch their own errors; one that escapes must not end the thread.
        try {
            job();
        } catch (...) {
        }
    }
}

}  // namespace authapi
