#include "cancellations/cancellation_feed_log.hpp"

#include "stock/feed_log.hpp"

#include <boost/json/array.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

// One message's entry: the order (and items) it carried, and what Amazon made of it.
json::object ack_result(const cancellations::AckMessage& message, int64_t message_id,
                        const cancellations::AckReport* report) {
    json::object entry{{"amazon_order_id", message.amazon_order_id}};
    if (!message.items.empty()) {
        json::array items;
        for (const auto& item : message.items) {
            items.emplace_back(item.order_item_id);
        }
        entry["order_item_ids"] = std::move(items);
    }
    if (report == nullptr) {
        entry["result"] = feed_message_result(false, false);
        return entry;
    }
    const auto found = report->errors.find(message_id);
    const bool accepted = report->feed_error.empty() && found == report->errors.end();
    entry["result"] = feed_message_result(true, accepted);
    if (report->feed_error.empty() && found != report->errors.end()) {
        stock::ReportIssue issue;
        issue.severity = "ERROR";
        issue.code = found->second.code;
        issue.message = found->second.description;
        entry["issues"] = json::array{feed_issue_json(issue)};
    }
    return entry;
}

} // namespace

void add_ack_orders(json::object& entity, std::span<const cancellations::AckMessage> messages) {
    json::array orders;
    for (const auto& message : messages) {
        orders.emplace_back(message.amazon_order_id);
    }
    entity["orders"] = std::move(orders);
}

void add_ack_answer(json::object& entity, std::span<const cancellations::AckMessage> messages,
                    const cancellations::AckReport* report) {
    stock::ReportCounts counts;
    if (report != nullptr) {
        counts.messages_processed = report->processed;
        counts.messages_accepted = report->successful;
        counts.errors = report->with_error;
    }
    entity["result"] = feed_counts(counts);
    json::array results;
    for (size_t i = 0; i < messages.size(); ++i) {
        results.push_back(ack_result(messages[i], static_cast<int64_t>(i) + 1, report));
    }
    entity["results"] = std::move(results);
    if (report != nullptr && !report->feed_error.empty()) {
        stock::ReportIssue issue;
        issue.severity = "ERROR";
        issue.message = report->feed_error;
        entity["issues"] = json::array{feed_issue_json(issue)};
    }
}

} // namespace amzconn::plugin
