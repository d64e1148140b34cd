#pragma once

#include "secure_random.hpp"

namespace authapi {

// libsodium's randombytes: the kernel CSPRNG (getrandom).
class SodiumSecureRandom final : public SecureRandom {
public:
    SodiumSecureRandom();
    std::string session_token() override;
    std::string uuid4() override;
};

}  // namespace authapi
