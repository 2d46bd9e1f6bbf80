#include "stock/feed_log.hpp"

#include "base/time.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <set>

namespace amzconn::plugin {
namespace json = boost::json;

json::object feed_entity(const FeedHead& head) {
    return json::object{{"store", head.store},
                        {"feed_id", head.feed_id},
                        {"type", head.type},
                        {"submitted_at", time::format_rfc3339({head.submitted_ms})},
                        {"message_count", head.message_count},
                        {"status", head.status}};
}

Outcome write_feed_entity(HostServices& host, const json::object& entity) {
    const auto text = [&](std::string_view name) {
        const auto* v = entity.if_contains(name);
        return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    TRY(host.entity_upsert("feed", text("store") + ":" + text("feed_id"), json::serialize(entity)));
    return {};
}

json::object feed_counts(const stock::ReportCounts& counts) {
    return json::object{{"processed", counts.messages_processed},
                        {"accepted", counts.messages_accepted},
                        {"errors", counts.errors},
                        {"warnings", counts.warnings}};
}

std::string_view feed_message_result(bool processed, bool accepted) {
    return !processed ? "not_processed" : accepted ? "accepted" : "rejected";
}

json::object feed_issue_json(const stock::ReportIssue& issue) {
    json::object out{{"severity", issue.severity}, {"message", issue.message}};
    if (!issue.code.empty()) {
        out["code"] = issue.code;
    }
    return out;
}

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
                           {"result", feed_message_result(processed, outcome.accepted)}};
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
    entity["result"] = feed_counts(answer.counts);
    entity["results"] = feed_message_results(answer.outcomes, answer.issues, answer.processed);
    if (auto issues = feed_level_issues(answer.issues, answer.outcomes); !issues.empty()) {
        entity["issues"] = std::move(issues);
    }
}

} // namespace amzconn::plugin
