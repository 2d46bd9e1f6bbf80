// An acknowledgement feed whose createFeed went unanswered (or crashed) is found among Amazon's
// recent feeds (getFeeds) before anything is sent again: a cancellation of some units sent twice
// would cancel twice as many. Only a feed that certainly was not created is sent again.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace amzconn::cancellations {

struct ListedFeed {
    std::string feed_id;
    int64_t created_ms = 0;
};

struct ResolveOptions {
    int64_t now_ms = 0;
    int64_t slack_ms = 10LL * 60 * 1000; // clocks may differ by this much
    int64_t grace_ms = 2LL * 60 * 1000;  // getFeeds may not list a fresh feed before this
};

enum class FeedFate { adopt, not_created, wait, ambiguous };

struct FeedResolution {
    FeedFate fate = FeedFate::wait;
    std::string feed_id; // adopt: the feed that carries the cancellations
};

// `listed`: the store's acknowledgement feeds getFeeds returned; `known`: feed ids already
// recorded for other sends. The send's intent was saved at `intent_ms`.
FeedResolution resolve_unknown_feed(int64_t intent_ms, const std::vector<ListedFeed>& listed,
                                    const std::set<std::string>& known,
                                    const ResolveOptions& options);

} // namespace amzconn::cancellations
