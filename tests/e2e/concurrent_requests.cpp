#include "concurrent_requests.hpp"

#include <atomic>
#include <exception>
#include <thread>

namespace authapi::e2e {

std::vector<Response> all_at_once(int count, const std::function<Response(int)>& request) {
    std::vector<Response> responses(count);
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([&, i] {
            ++ready;
            while (ready.load() < count) std::this_thread::yield();
            try {
                responses[i] = request(i);
            } catch (const std::exception& e) {
                responses[i].body = e.what();
            }
        });
    }
    for (auto& thread : threads) thread.join();
    return responses;
}

int count_status(const std::vector<Response>& responses, int status) {
    int n = 0;
    for (const auto& response : responses) n += response.status == status ? 1 : 0;
    return n;
}

}  // namespace authapi::e2e
