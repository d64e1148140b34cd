#pragma once

#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authapi::testing {

// Deterministic pseudo-fuzz input: fragments that matter to the parsers, glued with random
// bytes, so short runs still reach the interesting branches. Fixed seed: failures reproduce.
class RandomBytes {
public:
    explicit RandomBytes(std::vector<std::string> fragments, unsigned seed = 20240417)
        : fragments_(std::move(fragments)), engine_(seed) {}

    std::string next(std::size_t max_pieces = 24) {
        std::string out;
        const std::size_t pieces = pick(max_pieces + 1);
        for (std::size_t i = 0; i < pieces; ++i) {
            if (pick(3) == 0 || fragments_.empty()) {
                out += static_cast<char>(pick(256));
            } else {
                out += fragments_[pick(fragments_.size())];
            }
        }
        return out;
    }

private:
    std::size_t pick(std::size_t bound) {
        return std::uniform_int_distribution<std::size_t>(0, bound - 1)(engine_);
    }

    std::vector<std::string> fragments_;
    std::mt19937 engine_;
};

}  // namespace authapi::testing
