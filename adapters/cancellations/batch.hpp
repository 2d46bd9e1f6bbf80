// When queued cancellations go to Amazon: each waits the batch delay so that others join its feed
// (createFeed allows about one feed per two minutes per seller, so a feed per cancellation would
// throttle). The oldest one decides: once it has waited, every queued one goes in the same feed.
#pragma once

#include "cancellations/settings.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace amzconn::cancellations {

struct BatchDecision {
    std::size_t send_now = 0; // how many of the oldest queued cancellations go in a feed now
    int64_t next_at_ms = 0;   // when the next decision is due (0: nothing queued)
};

// `queued_at_ms`: when each queued cancellation was queued (any order). `flush`: send whatever is
// queued without waiting (an operator's explicit run).
BatchDecision decide_batch(const CancellationSettings& settings,
                           std::span<const int64_t> queued_at_ms, int64_t now_ms,
                           bool flush = false);

} // namespace amzconn::cancellations
