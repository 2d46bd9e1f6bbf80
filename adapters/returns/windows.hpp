// Report windows: Amazon's returns reports cover at most 60 days each, so a longer range is split
// into consecutive windows (each starts where the previous ended).
#pragma once

#include "base/time.hpp"

#include <cstdint>
#include <vector>

namespace amzconn::returns {

inline constexpr int64_t k_max_window_ms = 60LL * 24 * 3600 * 1000;

struct Window {
    time::Timestamp from;
    time::Timestamp to;
};

// [from, to] in windows of at most max_ms; none when to <= from.
std::vector<Window> split_windows(time::Timestamp from, time::Timestamp to,
                                  int64_t max_ms = k_max_window_ms);

} // namespace amzconn::returns
