#include "cancellations/batch.hpp"

#include <algorithm>

namespace amzconn::cancellations {

BatchDecision decide_batch(const CancellationSettings& settings,
                           std::span<const int64_t> queued_at_ms, int64_t now_ms, bool flush) {
    if (queued_at_ms.empty()) {
        return {};
    }
    const int64_t oldest = *std::min_element(queued_at_ms.begin(), queued_at_ms.end());
    const int64_t due = oldest + settings.batch_delay_ms;
    const std::size_t cap = std::max<std::size_t>(settings.max_per_feed, 1);
    if (flush || due <= now_ms || queued_at_ms.size() >= cap) {
        const std::size_t send = std::min(queued_at_ms.size(), cap);
        // What a full feed leaves behind is due at once (it has waited as long as the rest).
        return {send, send < queued_at_ms.size() ? now_ms : 0};
    }
    return {0, due};
}

} // namespace amzconn::cancellations
