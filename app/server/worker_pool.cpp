#include "worker_pool.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace authapi {

WorkerPool::WorkerPool(unsigned threads, std::size_t max_queued, std::size_t max_queued_per_client,
                       int nice_increment)
    : max_queued_(max_queued), max_queued_per_client_(max_queued_per_client) {
    threads_.reserve(threads);
    for (unsigned i = 0; i < threads; ++i) {
        threads_.emplace_back([this, nice_increment] { run(nice_increment); });
    }
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        waiting_.clear();
        turns_.clear();
        queued_ = 0;
    }
    wake_.notify_all();
    for (auto& thread : threads_) thread.join();
}

bool WorkerPool::try_post(std::function<void()> job, const std::string& client) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_ || queued_ >= max_queued_) return false;
        auto& mine = waiting_[client];
        if (mine.size() >= max_queued_per_client_) {
            if (mine.empty()) waiting_.erase(client);
            return false;
        }
        if (mine.empty()) turns_.push_back(client);
        mine.push_back(std::move(job));
        ++queued_;
    }
    wake_.notify_one();
    return true;
}

std::function<void()> WorkerPool::take_next() {
    std::string client = std::move(turns_.front());
    turns_.pop_front();
    const auto mine = waiting_.find(client);
    std::function<void()> job = std::move(mine->second.front());
    mine->second.pop_front();
    --queued_;
    if (mine->second.empty()) {
        waiting_.erase(mine);
    } else {
        turns_.push_back(std::move(client));  // its next job waits for the others' turns
    }
    return job;
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
            wake_.wait(lock, [this] { return stopping_ || queued_ != 0; });
            if (stopping_) return;
            job = take_next();
        }
        // Jobs catch their own errors; one that escapes must not end the thread.
        try {
            job();
        } catch (...) {
        }
    }
}

}  // namespace authapi
