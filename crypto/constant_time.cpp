#include "constant_time.hpp"

#include <sodium.h>

#include "sodium_runtime.hpp"

namespace authapi {

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    require_sodium();
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace authapi
