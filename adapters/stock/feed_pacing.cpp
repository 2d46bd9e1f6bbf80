#include "stock/feed_pacing.hpp"

#include <algorithm>

namespace amzconn::stock {

PacingPlan plan_feed_submissions(std::span<const int64_t> submitted_at_ms, std::size_t waiting,
                                 int64_t now_ms, const PacingLimits& limits) {
    // A submission at t holds a slot during [t, t + window).
    std::vector<int64_t> live;
    for (int64_t t : submitted_at_ms) {
        if (t + limits.window_ms > now_ms) {
            live.push_back(t);
        }
    }
    PacingPlan plan;
    const std::size_t free_slots =
        live.size() >= limits.max_feeds ? 0 : limits.max_feeds - live.size();
    plan.submit_now = std::min(waiting, free_slots);
    live.insert(live.end(), plan.submit_now, now_ms);
    if (live.size() < limits.max_feeds) {
        plan.next_slot_at_ms = now_ms;
    } else {
        std::sort(live.begin(), live.end());
        // The (size - max + 1)-th oldest must expire before another fits.
        plan.next_slot_at_ms =
            std::max(now_ms, live[live.size() - limits.max_feeds] + limits.window_ms);
    }
    return plan;
}

std::vector<int64_t> schedule_feed_submissions(std::span<const int64_t> submitted_at_ms,
                                               std::size_t count, int64_t now_ms,
                                               const PacingLimits& limits) {
    std::vector<int64_t> history(submitted_at_ms.begin(), submitted_at_ms.end());
    std::vector<int64_t> out;
    int64_t at = now_ms;
    while (out.size() < count) {
        PacingPlan plan = plan_feed_submissions(history, count - out.size(), at, limits);
        for (std::size_t i = 0; i < plan.submit_now; ++i) {
            out.push_back(at);
            history.push_back(at);
        }
        at = plan.next_slot_at_ms;
        if (plan.submit_now == 0 && limits.max_feeds == 0) {
            break; // nothing can ever be submitted
        }
    }
    return out;
}

} // namespace amzconn::stock
