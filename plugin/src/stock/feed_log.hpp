// The host's feed log entry of a JSON_LISTINGS_FEED (entity `feed`, sdk/docs/entities.md): once
// Amazon has processed the feed, each message's result (accepted, rejected, not_processed) with the
// issues Amazon's processing report gave it, and the issues that name no message.
#pragma once

#include "stock/processing_report.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <span>
#include <vector>

namespace amzconn::plugin {

// What Amazon answered for a finished feed.
struct FeedAnswer {
    stock::ReportCounts counts;
    std::vector<stock::MessageOutcome> outcomes; // one per message, in message order
    std::vector<stock::ReportIssue> issues;
    bool processed = false; // false: the feed ended FATAL or CANCELLED, without a report
};

// Adds the answer to the feed entity: result {processed, accepted, errors, warnings}, results
// (feed_message_results) and issues (feed_level_issues, when there are any).
void add_feed_answer(boost::json::object& entity, const FeedAnswer& answer);

// One entry per message, in message order: sku, marketplace_id, result, and issues (severity,
// code, message) when Amazon reported any. `processed` false: the feed ended without a report
// (FATAL, CANCELLED), every message not_processed.
boost::json::array feed_message_results(std::span<const stock::MessageOutcome> outcomes,
                                        std::span<const stock::ReportIssue> issues, bool processed);

// The report's issues that name no message of the feed (a feed-level refusal).
boost::json::array feed_level_issues(std::span<const stock::ReportIssue> issues,
                                     std::span<const stock::MessageOutcome> outcomes);

} // namespace amzconn::plugin
