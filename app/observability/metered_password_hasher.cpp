#include "metered_password_hasher.hpp"

#include <chrono>

namespace authapi {

namespace {

class Stopwatch {
public:
    std::int64_t micros() const {
        return std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::steady_clock::now() - start_)
            .count();
    }

private:
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace

std::string MeteredPasswordHasher::hash(std::string_view password) const {
    const Stopwatch watch;
    std::string result = inner_.hash(password);
    metrics_.observe_password_hash(HashOperation::Hash, watch.micros());
    return result;
}

bool MeteredPasswordHasher::verify(std::string_view password, std::string_view stored) const {
    const Stopwatch watch;
    const bool ok = inner_.verify(password, stored);
    metrics_.observe_password_hash(HashOperation::Verify, watch.micros());
    return ok;
}

}  // namespace authapi
