// Reading a JSON_LISTINGS_FEED processing report (listings-feed-processing-report-schema-v2):
// issues mapped back to (SKU, marketplace) through the feed's message map, counts, and an
// accepted / rejected outcome per message for the delta state.
#pragma once

#include "amzconn/result.hpp"
#include "stock/listings_feed.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::stock {

struct ReportIssue {
    std::optional<int64_t> message_id; // absent for feed-level issues
    std::string sku;
    std::string marketplace_id; // from the message map; empty when unknown
    std::string code;
    std::string severity; // ERROR | WARNING | INFO
    std::string message;
    std::string attribute_name;
};

struct ReportCounts {
    int64_t errors = 0;
    int64_t warnings = 0;
    int64_t messages_processed = 0;
    int64_t messages_accepted = 0;
    int64_t messages_invalid = 0;
};

struct MessageOutcome {
    FeedMessageRef message;
    bool accepted = false;
    std::string error; // Amazon's ERROR messages joined with "; "
};

struct ProcessingReport {
    std::string feed_id;
    ReportCounts counts;
    std::vector<ReportIssue> issues;
    std::vector<MessageOutcome> outcomes; // one per message of the feed, in message order
};

// A message with an ERROR issue is rejected; a feed-level ERROR with no accepted message rejects
// them all; every other message was accepted.
Result<ProcessingReport> parse_processing_report(std::string_view json,
                                                 std::span<const FeedMessageRef> messages);

} // namespace amzconn::stock
