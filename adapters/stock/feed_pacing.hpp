// Pacing JSON_LISTINGS_FEED submissions: at most 5 per 5 minutes per region. Given when feeds were
// submitted, says how many to submit now and when the next slot opens; the rest stay queued.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace amzconn::stock {

struct PacingLimits {
    std::size_t max_feeds = 5;
    int64_t window_ms = 5 * 60 * 1000;
};

struct PacingPlan {
    std::size_t submit_now = 0;
    int64_t next_slot_at_ms = 0; // earliest time one more feed may go after these
};

// `submitted_at_ms`: this region's earlier submissions (any order; old ones are ignored).
PacingPlan plan_feed_submissions(std::span<const int64_t> submitted_at_ms, std::size_t waiting,
                                 int64_t now_ms, const PacingLimits& limits = {});

// The submission time of each of `count` queued feeds if each goes at its earliest slot.
std::vector<int64_t> schedule_feed_submissions(std::span<const int64_t> submitted_at_ms,
                                               std::size_t count, int64_t now_ms,
                                               const PacingLimits& limits = {});

} // namespace amzconn::stock
