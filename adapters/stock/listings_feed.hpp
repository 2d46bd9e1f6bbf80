// JSON_LISTINGS_FEED documents (listings-feed-schema-v2): PATCH messages split at 25,000 messages
// or 10 MiB per feed, each with the messageId -> (SKU, marketplace) map its processing report
// needs.
#pragma once

#include "amzconn/result.hpp"
#include "stock/listing_update.hpp"

#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace amzconn::stock {

struct FeedHeader {
    std::string seller_id;
    std::string issue_locale = "en_US";
};

struct FeedLimits {
    std::size_t max_messages = 25'000;
    std::size_t max_bytes = 10U * 1024U * 1024U;
};

struct FeedMessageRef {
    int64_t message_id = 0; // 1.. within its feed
    std::string sku;
    std::string marketplace_id;
};

struct ListingsFeed {
    std::string document; // UTF-8 JSON, upload with content type application/json
    std::vector<FeedMessageRef> messages;
};

// Every update is validated first; the first invalid one fails the whole build (nothing is
// half-built). An empty input gives no feeds.
Result<std::vector<ListingsFeed>> build_listings_feeds(const FeedHeader& header,
                                                       std::span<const ListingUpdate> updates,
                                                       const FeedLimits& limits = {});

// The message map as JSON, for host state (a restart resumes polling and still maps the report).
boost::json::value to_json(std::span<const FeedMessageRef> messages);
Result<std::vector<FeedMessageRef>> message_refs_from_json(const boost::json::value& json);

} // namespace amzconn::stock
