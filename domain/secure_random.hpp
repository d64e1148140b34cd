#pragma once

#include <string>

namespace authapi {

class SecureRandom {
public:
    virtual ~SecureRandom() = default;
    // 256 bits, URL-safe base64 without padding (43 characters).
    virtual std::string session_token() = 0;
    // Lower-case hyphenated uuid4.
    virtual std::string uuid4() = 0;
};

}  // namespace authapi
