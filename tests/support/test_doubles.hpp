#pragma once

// The domain's clock and randomness under a test's control.
#include <cstdint>
#include <string>

#include "clock.hpp"
#include "secure_random.hpp"

namespace authapi::testing {

class FakeClock final : public Clock {
public:
    explicit FakeClock(std::int64_t start) : now_(start) {}
    std::int64_t now() const override { return now_; }
    void advance(std::int64_t seconds) { now_ += seconds; }

private:
    std::int64_t now_;
};

class CountingRandom final : public SecureRandom {
public:
    std::string session_token() override { return "token-" + std::to_string(++tokens_); }
    std::string uuid4() override { return "id-" + std::to_string(++ids_); }

private:
    int tokens_ = 0;
    int ids_ = 0;
};

}  // namespace authapi::testing
