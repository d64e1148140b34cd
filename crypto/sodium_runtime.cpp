#include "sodium_runtime.hpp"

#include <sodium.h>

#include <stdexcept>

namespace authapi {

void require_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace authapi
