#include "cancellations/feed_resolution.hpp"

namespace amzconn::cancellations {

FeedResolution resolve_unknown_feed(int64_t intent_ms, const std::vector<ListedFeed>& listed,
                                    const std::set<std::string>& known,
                                    const ResolveOptions& options) {
    std::vector<const ListedFeed*> candidates;
    for (const auto& feed : listed) {
        if (feed.created_ms >= intent_ms - options.slack_ms && known.count(feed.feed_id) == 0) {
            candidates.push_back(&feed);
        }
    }
    if (candidates.size() == 1) {
        return {FeedFate::adopt, candidates.front()->feed_id};
    }
    if (candidates.size() > 1) {
        return {FeedFate::ambiguous, {}};
    }
    if (options.now_ms - intent_ms < options.grace_ms) {
        return {FeedFate::wait, {}};
    }
    return {FeedFate::not_created, {}};
}

} // namespace amzconn::cancellations
