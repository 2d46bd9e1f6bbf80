#include "stock/feed_log.hpp"

#include <boost/json/object.hpp>
#include <map>
#include <set>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

json::object feed_issue_json(const stock::ReportIssue& issue) {
    json::object out{{"severity", issue.severity}, {"message", issue.message}};
    if (!issue.code.empty()) {
        out["code"] = issue.code;
    }
    return out;
}

} // namespace

json::array feed_message_results(std::span<const stock::MessageOutcome> outcomes,
                                 std::span<const stock::ReportIssue> issues, bool processed) {
    std::map<int64_t, json::array> by_message;
    for (const auto& issue : issues) {
        if (issue.message_id) {
            by_message[*issue.message_id].push_back(feed_issue_json(issue));
        }
    }
    json::array results;
    results.reserve(outcomes.size());
    for (const auto& outcome : outcomes) {
        json::object entry{{"sku", outcome.message.sku},
                           {"marketplace_id", outcome.message.marketplace_id},
                           {"result", !processed         ? "not_processed"
                                      : outcome.accepted ? "accepted"
                                                         : "rejected"}};
        if (auto it = by_message.find(outcome.message.message_id); it != by_message.end()) {
            entry["issues"] = std::move(it->second);
        }
        results.push_back(std::move(entry));
    }
    return results;
}

json::array feed_level_issues(std::span<const stock::ReportIssue> issues,
                              std::span<const stock::MessageOutcome> outcomes) {
    std::set<int64_t> ids;
    for (const auto& outcome : outcomes) {
        ids.insert(outcome.message.message_id);
    }
    json::array out;
    for (const auto& issue : issues) {
        if (!issue.message_id || !ids.contains(*issue.message_id)) {
            out.push_back(feed_issue_json(issue));
        }
    }
    return out;
}

void add_feed_answer(json::object& entity, const FeedAnswer& answer) {
    entity["result"] = json::object{{"processed", answer.counts.messages_processed},
                                    {"accepted", answer.counts.messages_accepted},
                                    {"errors", answer.counts.errors},
                                    {"warnings", answer.counts.warnings}};
    entity["results"] = feed_message_results(answer.outcomes, answer.issues, answer.processed);
    if (auto issues = feed_level_issues(answer.issues, answer.outcomes); !issues.empty()) {
        entity["issues"] = std::move(issues);
    }
}

} // namespace amzconn::plugin
