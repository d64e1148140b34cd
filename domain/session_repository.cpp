#include "session_repository.hpp"

namespace authapi {

std::int64_t SessionRepository::remove_expired(const ExpiryCutoff& cutoff,
                                               std::int64_t batch_size) {
    std::int64_t total = 0;
    for (;;) {
        const std::int64_t removed = remove_expired_batch(cutoff, batch_size);
        total += removed;
        if (removed < batch_size) return total;
    }
}

}  // namespace authapi
