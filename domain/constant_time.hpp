#pragma once

#include <string_view>

namespace authapi {

// Equality of secrets (tokens, their hashes, bearer tokens) in time that does
// not depend on where they first differ. Different lengths compare unequal
// at once: lengths are not secret here.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace authapi
