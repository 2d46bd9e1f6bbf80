// A small deterministic PRNG (SplitMix64) so the same seed gives the same bytes on every platform
// (std:: distributions are implementation-defined).
#pragma once

#include <cstdint>
#include <span>

namespace amzconn::sandbox {

class Rng {
  public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    // Uniform integer in [lo, hi] (inclusive); the tiny modulo bias is irrelevant for test data.
    std::int64_t range(std::int64_t lo, std::int64_t hi) {
        const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
        return lo + static_cast<std::int64_t>(next() % span);
    }

    // True with probability percent/100.
    bool chance(int percent) { return range(0, 99) < percent; }

    template <typename T>
    const T& pick(std::span<const T> items) {
        return items[static_cast<std::size_t>(
            range(0, static_cast<std::int64_t>(items.size()) - 1))];
    }

  private:
    std::uint64_t m_state;
};

} // namespace amzconn::sandbox
