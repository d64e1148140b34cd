#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>

namespace authapi::test {

// A thread of its own (hence a SQLite connection of its own) that runs what
// it is given, one thing at a time, while the caller waits. Lets a test
// interleave two connections step by step.
class WorkerThread {
public:
    WorkerThread();
    ~WorkerThread();

    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

    // Runs `work` on the worker and returns its result; its exceptions are
    // rethrown here.
    template <typename Work>
    auto run(Work work) -> std::invoke_result_t<Work> {
        using Result = std::invoke_result_t<Work>;
        auto task = std::make_shared<std::packaged_task<Result()>>(std::move(work));
        std::future<Result> result = task->get_future();
        post([task] { (*task)(); });
        return result.get();
    }

private:
    void post(std::function<void()> job);
    void loop();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace authapi::test
