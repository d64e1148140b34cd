#pragma once

#include <cstdint>

namespace authapi {

// Wall-clock time in whole Unix seconds (UTC). Injected so that expiry rules
// can be tested without sleeping.
class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t now() const = 0;
};

class SystemClock final : public Clock {
public:
    std::int64_t now() const override;
};

}  // namespace authapi
