// The host's feed log (entity `feed`, sdk/docs/entities.md): one entry per feed the plugin
// submitted, whatever its type (JSON_LISTINGS_FEED from stock, POST_ORDER_ACKNOWLEDGEMENT_DATA from
// cancellations), and once Amazon has processed it, each message's result (accepted, rejected,
// not_processed) with the issues Amazon's processing report gave it, and the issues that name no
// message.
#pragma once

#include "amzconn/host_services.hpp"
#include "stock/processing_report.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::plugin {

// The fields every feed entry has.
struct FeedHead {
    std::string store;
    std::string feed_id;
    std::string type; // Amazon's feed type
    int64_t submitted_ms = 0;
    int64_t message_count = 0;
    std::string status; // Amazon's processingStatus
};

// The entity with the head's fields only (store, feed_id, type, submitted_at, message_count,
// status); the answer's fields are added to it.
boost::json::object feed_entity(const FeedHead& head);

// Upserts the entry (key "<store>:<feed_id>").
Outcome write_feed_entity(HostServices& host, const boost::json::object& entity);

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

// The entity's result counts.
boost::json::object feed_counts(const stock::ReportCounts& counts);

// accepted, rejected, or not_processed when the feed ended without a report.
std::string_view feed_message_result(bool processed, bool accepted);

// One issue as the entity holds it: severity, code (when Amazon gave one), message.
boost::json::object feed_issue_json(const stock::ReportIssue& issue);

// One entry per message, in message order: sku, marketplace_id, result, and issues (severity,
// code, message) when Amazon reported any. `processed` false: the feed ended without a report
// (FATAL, CANCELLED), every message not_processed.
boost::json::array feed_message_results(std::span<const stock::MessageOutcome> outcomes,
                                        std::span<const stock::ReportIssue> issues, bool processed);

// The report's issues that name no message of the feed (a feed-level refusal).
boost::json::array feed_level_issues(std::span<const stock::ReportIssue> issues,
                                     std::span<const stock::MessageOutcome> outcomes);

} // namespace amzconn::plugin
