// Feed ordering (issue 7, plan CP9): a feed Amazon still holds may be applied minutes after
// createFeed, so a pending feed send stays in flight until its outcome is known, and a feed
// whose id is unknown is resolved from Amazon's recent feeds before anything is re-sent.
#include "stock/delta.hpp"
#include "stock/sent_state_json.hpp"
#include "stock_fixtures.hpp"

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

using namespace amzconn::stock;
using stock_test::k_hour;
using stock_test::k_minute;
using stock_test::now;

namespace {

// A listing with a quantity and no price (the feed carries quantities only).
ListingValues quantity_values(int64_t quantity) {
    ListingValues v;
    v.channel_code = "DEFAULT";
    v.quantity = quantity;
    v.lead_time_days = 2;
    return v;
}

Computation at(int64_t ms, int64_t quantity) {
    return Computation{quantity_values(quantity), ms, 0};
}

// A feed send of `quantity` planned at `ms` and persisted with its transport.
SentState feed_pending(int64_t ms, int64_t quantity, const std::string& feed_id = "") {
    DeltaDecision d = plan_delta(std::nullopt, at(ms, quantity), now(ms));
    REQUIRE(d.action == DeltaAction::send);
    REQUIRE(d.next);
    SentState s = *d.next;
    s.pending_transport = SendTransport::feed;
    s.pending_feed_id = feed_id;
    return s;
}

} // namespace

TEST_CASE("stock: a pending feed stays in flight past the patch timeout until its outcome") {
    const SentState s = feed_pending(0, 5, "F1");
    CHECK(pending_in_flight(s, now(10 * k_minute)));
    DeltaDecision later = plan_delta(s, at(10 * k_minute, 3), now(10 * k_minute));
    CHECK(later.action == DeltaAction::wait_in_flight);
    REQUIRE(later.next);
    REQUIRE(later.next->deferred);
    CHECK(*later.next->deferred->values.quantity == 3);
    CHECK_FALSE(deferred_computation(*later.next).has_value());

    // The feed's processing report is recorded: the newer values go out after it.
    auto answered =
        record_outcome(*later.next, s.pending_send_id, SendOutcome::accepted, 11 * k_minute);
    REQUIRE(answered);
    CHECK(*answered->confirmed.quantity == 5);
    CHECK(answered->pending_feed_id.empty());
    auto deferred = deferred_computation(*answered);
    REQUIRE(deferred);
    DeltaDecision follow = plan_delta(*answered, *deferred, now(11 * k_minute));
    CHECK(follow.action == DeltaAction::send);
    CHECK(*follow.to_send.quantity == 3);
}

TEST_CASE("stock: a pending patch is still re-sent after the in-flight timeout") {
    DeltaDecision d = plan_delta(std::nullopt, at(0, 5), now(0));
    REQUIRE(d.next);
    CHECK(d.next->pending_transport == SendTransport::patch);
    CHECK(pending_in_flight(*d.next, now(k_minute)));
    CHECK_FALSE(pending_in_flight(*d.next, now(3 * k_minute)));
    CHECK(plan_delta(*d.next, at(3 * k_minute, 3), now(3 * k_minute)).action == DeltaAction::send);
}

TEST_CASE("stock: a pending feed past the 24-hour safety limit is treated as ambiguous") {
    const SentState s = feed_pending(0, 5, "F1");
    CHECK(pending_in_flight(s, now(23 * k_hour)));
    CHECK_FALSE(pending_in_flight(s, now(25 * k_hour)));
    DeltaDecision d = plan_delta(s, at(25 * k_hour, 3), now(25 * k_hour));
    CHECK(d.action == DeltaAction::send);
    CHECK(*d.to_send.quantity == 3);
}

TEST_CASE("stock: an unanswered createFeed keeps the listing in flight until it is resolved") {
    const SentState s = feed_pending(0, 5); // no feed id: createFeed got no answer
    CHECK(feed_unresolved(s));
    CHECK(plan_delta(s, at(6 * k_minute, 3), now(6 * k_minute)).action ==
          DeltaAction::wait_in_flight);
    // Resolution found no unfinished feed: ambiguous, the latest values are re-sent in full.
    auto resolved = record_outcome(s, s.pending_send_id, SendOutcome::ambiguous, 7 * k_minute);
    REQUIRE(resolved);
    CHECK_FALSE(feed_unresolved(*resolved));
    DeltaDecision d = plan_delta(*resolved, at(7 * k_minute, 3), now(7 * k_minute));
    CHECK(d.action == DeltaAction::send);
    CHECK(*d.to_send.quantity == 3);
    // A feed with a known id is not "unresolved": its outcome comes from its report.
    CHECK_FALSE(feed_unresolved(feed_pending(0, 5, "F1")));
}

TEST_CASE("stock: an unknown feed waits while any feed created since the send is unfinished") {
    const int64_t since = 100 * k_minute;
    const FeedResolveOptions opts{since + 5 * k_minute, 10 * k_minute, 2 * k_minute};
    // A feed created just before the send (clock skew within the slack) still counts.
    CHECK(resolve_unknown_feed(since, {{"A", since - 3 * k_minute, false}}, opts) ==
          FeedResolution::wait);
    CHECK(resolve_unknown_feed(since, {{"A", since + k_minute, false}}, opts) ==
          FeedResolution::wait);
    // Finished feeds, and unfinished ones older than the slack, do not hold it.
    CHECK(resolve_unknown_feed(since,
                               {{"A", since + k_minute, true}, {"B", since - 30 * k_minute, false}},
                               opts) == FeedResolution::ambiguous);
    CHECK(resolve_unknown_feed(since, {}, opts) == FeedResolution::ambiguous);
}

TEST_CASE("stock: an unknown feed waits for the grace period even when getFeeds lists nothing") {
    const int64_t since = 100 * k_minute;
    CHECK(resolve_unknown_feed(since, {}, {since + k_minute, 10 * k_minute, 2 * k_minute}) ==
          FeedResolution::wait);
    CHECK(resolve_unknown_feed(since, {}, {since + 3 * k_minute, 10 * k_minute, 2 * k_minute}) ==
          FeedResolution::ambiguous);
}

TEST_CASE("stock: the transport and feed id of a pending send survive a JSON round trip") {
    const SentState s = feed_pending(1000, 5, "F-42");
    auto back = parse_sent_state(boost::json::serialize(to_json(s)));
    REQUIRE(back.ok());
    CHECK(back->pending_transport == SendTransport::feed);
    CHECK(back->pending_feed_id == "F-42");
    // A record written before transports were kept reads as a patch.
    auto old = parse_sent_state(
        R"({"version":1,"computed_at_ms":1,"generation":0,"pending":{"channel":"DEFAULT","quantity":5},"pending_send_id":1,"pending_since_ms":1})");
    REQUIRE(old.ok());
    CHECK(old->pending_transport == SendTransport::patch);
    CHECK_FALSE(
        parse_sent_state(
            R"({"version":1,"computed_at_ms":1,"generation":0,"pending":{"channel":"DEFAULT"},"pending_send_id":1,"pending_since_ms":1,"pending_transport":"fax"})")
            .ok());
}
