#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace authapi {

// A fixed set of threads for work too slow for a reactor thread (the password
// hash). The queue is bounded so that a flood is refused at once (the caller
// answers 503) instead of growing latency and memory without limit.
//
// The queue is fair across clients: each client (a key given with the job,
// the client's IP) may have at most `max_queued_per_client` jobs waiting, and
// waiting jobs are taken in turns, one client after another. One client's
// flood therefore neither fills the queue nor delays another client's job by
// more than one job per client ahead of it.
//
// The threads run at a lower scheduling priority (`nice_increment`): when the
// cores are busy, the reactor threads go first, so a login flood takes only
// the CPU time that requests in flight leave over.
class WorkerPool {
public:
    WorkerPool(unsigned threads, std::size_t max_queued, std::size_t max_queued_per_client,
               int nice_increment = 0);
    // Jobs still queued are dropped; running ones finish first.
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // False when max_queued jobs are already waiting, or max_queued_per_client
    // of `client`'s: the job is not run.
    bool try_post(std::function<void()> job, const std::string& client = {});

private:
    void run(int nice_increment);
    // With the lock held and a job waiting.
    std::function<void()> take_next();

    std::size_t max_queued_;
    std::size_t max_queued_per_client_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::unordered_map<std::string, std::deque<std::function<void()>>> waiting_;
    std::deque<std::string> turns_;  // clients with jobs waiting, next first
    std::size_t queued_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace authapi
