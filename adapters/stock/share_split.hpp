// Dividing one product's units among the SKUs that draw on it (its own listing and the
// assemblies that use it) so that no unit is promised twice: the heart of "never oversell".
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace amzconn::stock {

constexpr int64_t k_no_cap = std::numeric_limits<int64_t>::max();

struct ShareClaim {
    int64_t weight = 1;     // units one sale of the claimant needs (1 for the product itself)
    int64_t cap = k_no_cap; // most units the claimant can use
};

// Hands out `supply` in rounds: each round gives every claim that still fits `weight` units, in
// claim order, skipping claims at their cap. Every share is a whole multiple of its weight, no
// share passes its cap, and the shares add up to at most `supply` (the rest is a remainder too
// small for any claim). Large supplies are handled in bulk rounds, not unit by unit.
std::vector<int64_t> split_supply(int64_t supply, std::span<const ShareClaim> claims);
// The same into `given` (resized to the claims), with `active` as scratch: the formula splits
// thousands of supplies per pass and reuses both buffers.
void split_supply(int64_t supply, std::span<const ShareClaim> claims, std::vector<int64_t>& given,
                  std::vector<std::size_t>& active);

// Saturating helpers: quantities never wrap around. Inline: the formula adds per stock level.
inline int64_t saturating_add(int64_t a, int64_t b) {
    int64_t out = 0;
    if (__builtin_add_overflow(a, b, &out)) {
        return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
    }
    return out;
}

inline int64_t saturating_mul(int64_t a, int64_t b) {
    int64_t out = 0;
    if (__builtin_mul_overflow(a, b, &out)) {
        return (a < 0) != (b < 0) ? std::numeric_limits<int64_t>::min()
                                  : std::numeric_limits<int64_t>::max();
    }
    return out;
}

} // namespace amzconn::stock
