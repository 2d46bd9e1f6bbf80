// An unanswered createFeed: found in getFeeds, or sent again only when it certainly was not made.
#include "cancellations/feed_resolution.hpp"

#include <doctest/doctest.h>

using namespace amzconn::cancellations;

TEST_CASE("cancellations: the one unknown feed created after the intent is the send's feed") {
    const std::vector<ListedFeed> listed{{"100", 1'000}, {"200", 5'000'000}};
    const auto r = resolve_unknown_feed(5'000'000, listed, {"100"}, {.now_ms = 5'010'000});
    CHECK(r.fate == FeedFate::adopt);
    CHECK(r.feed_id == "200");
}

TEST_CASE("cancellations: no feed listed is sent again only after getFeeds had time to list it") {
    const std::vector<ListedFeed> listed{{"100", 4'999'000}};
    CHECK(resolve_unknown_feed(5'000'000, listed, {"100"}, {.now_ms = 5'060'000}).fate ==
          FeedFate::wait);
    CHECK(resolve_unknown_feed(5'000'000, listed, {"100"}, {.now_ms = 5'120'000}).fate ==
          FeedFate::not_created);
}

TEST_CASE("cancellations: two unknown feeds are never guessed between") {
    const std::vector<ListedFeed> listed{{"300", 5'000'000}, {"400", 5'001'000}};
    CHECK(resolve_unknown_feed(5'000'000, listed, {}, {.now_ms = 9'000'000}).fate ==
          FeedFate::ambiguous);
}

TEST_CASE("cancellations: a feed older than the intent by more than the clock slack is not it") {
    const std::vector<ListedFeed> listed{{"500", 1'000'000}};
    CHECK(resolve_unknown_feed(5'000'000, listed, {}, {.now_ms = 9'000'000}).fate ==
          FeedFate::not_created);
}
