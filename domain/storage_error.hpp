#pragma once

#include <stdexcept>

namespace authapi {

// The store is unavailable or failed (disk, lock, corruption). Carries context
// for the log; never shown to clients.
class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace authapi
