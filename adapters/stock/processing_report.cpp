#include "stock/processing_report.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <unordered_map>

namespace amzconn::stock {
namespace {

namespace json = boost::json;

Error bad(const std::string& what) {
    return Error{Status::bad_input,
                 "feed processing report: " + what +
                     "; keep the feed id and fetch the report again, or contact support"};
}

std::string string_at(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<int64_t> integer_at(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (v->is_int64()) {
        return v->get_int64();
    }
    if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
        return static_cast<int64_t>(v->get_uint64());
    }
    return std::nullopt;
}

Outcome read_counts(const json::object& o, ReportCounts& counts) {
    const json::value* summary = o.if_contains("summary");
    if (summary == nullptr || !summary->is_object()) {
        return bad("'summary' is missing");
    }
    const json::object& s = summary->get_object();
    std::pair<std::string_view, int64_t*> fields[] = {
        {"errors", &counts.errors},
        {"warnings", &counts.warnings},
        {"messagesProcessed", &counts.messages_processed},
        {"messagesAccepted", &counts.messages_accepted},
        {"messagesInvalid", &counts.messages_invalid}};
    for (auto& [key, target] : fields) {
        auto value = integer_at(s, key);
        if (!value) {
            return bad("'summary." + std::string(key) + "' is missing or not a whole number");
        }
        *target = *value;
    }
    return {};
}

Result<ReportIssue> read_issue(const json::value& item) {
    if (!item.is_object()) {
        return bad("an issue is not an object");
    }
    const json::object& io = item.get_object();
    ReportIssue issue;
    issue.message_id = integer_at(io, "messageId");
    issue.sku = string_at(io, "sku");
    issue.code = string_at(io, "code");
    issue.severity = string_at(io, "severity");
    issue.message = string_at(io, "message");
    issue.attribute_name = string_at(io, "attributeName");
    if (issue.severity.empty() || issue.message.empty()) {
        return bad("an issue has no severity or message");
    }
    return issue;
}

// An issue names its message: the message's marketplace and SKU fill the issue, and an error
// rejects the message.
void apply_to_message(ReportIssue& issue, MessageOutcome& outcome) {
    issue.marketplace_id = outcome.message.marketplace_id;
    if (issue.sku.empty()) {
        issue.sku = outcome.message.sku;
    }
    if (issue.severity == "ERROR") {
        outcome.accepted = false;
        if (!outcome.error.empty()) {
            outcome.error += "; ";
        }
        outcome.error += issue.message;
    }
}

} // namespace

Result<ProcessingReport> parse_processing_report(std::string_view text,
                                                 std::span<const FeedMessageRef> messages) {
    boost::system::error_code ec;
    json::value root = json::parse(text, ec);
    if (ec) {
        return bad("not JSON (" + ec.message() + ")");
    }
    if (!root.is_object()) {
        return bad("not an object");
    }
    const json::object& o = root.get_object();
    ProcessingReport report;
    const json::value* header = o.if_contains("header");
    if (header == nullptr || !header->is_object()) {
        return bad("'header' is missing");
    }
    report.feed_id = string_at(header->get_object(), "feedId");

    TRY(read_counts(o, report.counts));

    std::unordered_map<int64_t, std::size_t> by_id;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        by_id.emplace(messages[i].message_id, i);
        report.outcomes.push_back(MessageOutcome{messages[i], true, {}});
    }
    const json::value* issues = o.if_contains("issues");
    if (issues == nullptr || !issues->is_array()) {
        return bad("'issues' is missing");
    }
    bool feed_level_error = false;
    for (const json::value& item : issues->get_array()) {
        TRY_ASSIGN(ReportIssue issue, read_issue(item));
        if (issue.message_id) {
            if (auto it = by_id.find(*issue.message_id); it != by_id.end()) {
                apply_to_message(issue, report.outcomes[it->second]);
            }
        } else if (issue.severity == "ERROR") {
            feed_level_error = true;
        }
        report.issues.push_back(std::move(issue));
    }
    if (feed_level_error && report.counts.messages_accepted == 0) {
        for (MessageOutcome& outcome : report.outcomes) {
            if (outcome.accepted) {
                outcome.accepted = false;
                outcome.error = "the whole feed was rejected";
            }
        }
    }
    return report;
}

} // namespace amzconn::stock
