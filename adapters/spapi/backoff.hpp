// Retry waits: exponential backoff with full jitter (bounded), and Retry-After parsing (delta
// seconds or an HTTP-date).
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace amzconn::spapi {

class Backoff {
  public:
    Backoff(int64_t base_ms, int64_t cap_ms, uint64_t seed);
    // Wait before retry number `attempt` (0-based): uniform in [0, min(cap, base * 2^attempt)].
    int64_t delay_ms(int attempt);
    // The upper bound used for `attempt`.
    int64_t ceiling_ms(int attempt) const;

  private:
    int64_t m_base_ms;
    int64_t m_cap_ms;
    std::mt19937_64 m_rng;
};

// "120" -> 120000; "Wed, 21 Oct 2015 07:28:00 GMT" -> that time minus now (at least 0).
// nullopt for anything else.
std::optional<int64_t> parse_retry_after_ms(std::string_view value, int64_t now_ms);

} // namespace amzconn::spapi
