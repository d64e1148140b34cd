// The raw Argon2id rate on this machine: THREADS threads verifying the
// server's own hash format for SECONDS, no HTTP. The ceiling for logins/s.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "sodium_password_hasher.hpp"

int main(int argc, char** argv) {
    const unsigned threads = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 2;
    const double seconds = argc > 2 ? std::atof(argv[2]) : 3.0;
    authapi::SodiumPasswordHasher hasher;
    const std::string stored = hasher.hash("bench pwd");
    std::atomic<long> done{0};
    std::atomic<bool> stop{false};
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < threads; ++i) {
        workers.emplace_back([&] {
            while (!stop) {
                if (!hasher.verify("bench pwd", stored)) std::abort();
                ++done;
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& worker : workers) worker.join();
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%.2f\n", static_cast<double>(done.load()) / elapsed);
}
