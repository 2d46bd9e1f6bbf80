// The batching decision: queued cancellations wait the batch delay so others join their feed.
#include "cancellations/batch.hpp"

#include <doctest/doctest.h>
#include <vector>

using namespace amzconn::cancellations;

TEST_CASE("cancellations: nothing queued, nothing to send and nothing due") {
    const auto d = decide_batch({}, std::vector<int64_t>{}, 1000);
    CHECK(d.send_now == 0);
    CHECK(d.next_at_ms == 0);
}

TEST_CASE("cancellations: a queued cancellation waits the batch delay, counted from the oldest") {
    CancellationSettings s; // 5 minutes
    const std::vector<int64_t> queued{100'000, 40'000, 200'000};
    const auto early = decide_batch(s, queued, 300'000);
    CHECK(early.send_now == 0);
    CHECK(early.next_at_ms == 340'000);
    const auto due = decide_batch(s, queued, 340'000);
    CHECK(due.send_now == 3); // the younger ones ride in the same feed
    CHECK(due.next_at_ms == 0);
}

TEST_CASE("cancellations: a full feed goes at once and the rest is due right after") {
    CancellationSettings s;
    s.max_per_feed = 2;
    const std::vector<int64_t> queued{10, 20, 30};
    const auto d = decide_batch(s, queued, 50);
    CHECK(d.send_now == 2);
    CHECK(d.next_at_ms == 50);
}

TEST_CASE("cancellations: flush sends whatever is queued without waiting") {
    const std::vector<int64_t> queued{1'000};
    CHECK(decide_batch({}, queued, 1'001, true).send_now == 1);
}
