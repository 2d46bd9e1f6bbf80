// Feed log: the feeds the plugin submitted to Amazon (the host's `feed` entities, newest first:
// listings feeds and order acknowledgement feeds) with their type, processing status and counts,
// and per feed each message's result (per SKU, or per Amazon order) with Amazon's error codes and
// texts as the processing report gave them (sdk/docs/entities.md, `feed`).
#include "console/html.hpp"
#include "console/order_data.hpp"
#include "console/page_parts.hpp"
#include "json_fields.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>

namespace amzconn::refhost::console {

namespace json = boost::json;

namespace {

constexpr size_t k_max_feeds = 200;
constexpr size_t k_max_results = 2000;

// What a feed of a type carries, in the words of the page.
struct FeedKind {
    std::string_view label;  // listings, order acknowledgement
    std::string_view noun;   // what one message is about
    std::string_view reader; // the job that reads Amazon's processing report
};

FeedKind kind_of(std::string_view type) {
    if (type == "POST_ORDER_ACKNOWLEDGEMENT_DATA") {
        return {"Order acknowledgement", "order", "send_cancellations"};
    }
    if (type == "JSON_LISTINGS_FEED") {
        return {"Listings", "listing", "poll_feeds"};
    }
    return {"Other", "message", "the job that sent it"};
}

const json::array* feed_array(const json::object& object, std::string_view name) {
    const auto* value = object.if_contains(name);
    return value != nullptr && value->is_array() ? &value->as_array() : nullptr;
}

// Messages Amazon rejected: from the per-message results, else processed - accepted.
std::string feed_rejected_text(const json::object& feed) {
    if (const auto* results = feed_array(feed, "results")) {
        return std::to_string(std::count_if(results->begin(), results->end(), [](const auto& r) {
            return r.is_object() && field_text(r.as_object(), "result") == "rejected";
        }));
    }
    const auto* result = feed.if_contains("result");
    if (result == nullptr || !result->is_object()) {
        return "-";
    }
    const auto& counts = result->as_object();
    const auto count = [&](std::string_view name) {
        const auto* n = counts.if_contains(name);
        return n != nullptr && n->is_int64() ? n->as_int64() : 0;
    };
    return std::to_string(count("processed") - count("accepted"));
}

std::string feed_status_badge(std::string_view status) {
    const std::string kind = status == "DONE"                             ? "success"
                             : status == "FATAL" || status == "CANCELLED" ? "danger"
                                                                          : "secondary";
    return R"(<span class="badge text-bg-)" + kind + "\">" + html_escape(status) + "</span>";
}

std::string feed_row(const json::object& feed) {
    const auto store = field_text(feed, "store");
    const auto id = field_text(feed, "feed_id");
    const auto* result = feed.if_contains("result");
    const std::string accepted = result != nullptr && result->is_object()
                                     ? field_text(result->as_object(), "accepted")
                                     : "-";
    return "<tr data-feed=\"" + html_escape(id) + "\"><td>" +
           html_escape(field_text(feed, "submitted_at")) + "</td><td>" + html_escape(store) +
           R"(</td><td class="type" data-type=")" + html_escape(field_text(feed, "type")) + "\">" +
           html_escape(kind_of(field_text(feed, "type")).label) + "<br><small>" +
           html_escape(field_text(feed, "type")) + R"(</small></td><td><a href="/feeds/show)" +
           html_escape(query_string({{"store", store}, {"feed", id}})) + "\">" + html_escape(id) +
           "</a></td><td>" + feed_status_badge(field_text(feed, "status")) + "</td><td>" +
           html_escape(field_text(feed, "message_count")) + R"(</td><td class="accepted">)" +
           html_escape(accepted) + R"(</td><td class="rejected">)" +
           html_escape(feed_rejected_text(feed)) + "</td></tr>";
}

std::string feed_store_filter(std::string_view store) {
    return R"(<form method="get" action="/feeds" class="row g-2 mb-3"><div class="col-md-3">)"
           R"(<label for="store" class="form-label">Store</label><input class="form-control" )"
           R"(id="store" name="store" value=")" +
           html_escape(store) +
           R"("></div><div class="col-md-3 align-self-end"><button type="submit" )"
           R"(class="btn btn-secondary">Filter</button></div></form>)";
}

// The newest feeds (of `store` when not empty), without their per-message results.
Result<std::vector<json::object>> newest_feeds(SqliteHost& host, std::string_view store,
                                               int64_t limit) {
    TRY_ASSIGN(const auto docs, host.newest_entities("feed", store, limit, "results"));
    std::vector<json::object> out;
    for (const auto& doc : docs) {
        boost::system::error_code ec;
        auto value = json::parse(doc, ec);
        if (!ec && value.is_object()) {
            out.push_back(std::move(value.as_object()));
        }
    }
    return out;
}

// A message's row start and the cells naming what it is about: the SKU and marketplace of a
// listing, or the Amazon order and the items of an acknowledgement.
std::string feed_subject_cells(const json::object& result, bool orders) {
    if (!orders) {
        const auto sku = html_escape(field_text(result, "sku"));
        const auto marketplace = html_escape(field_text(result, "marketplace_id"));
        return "<tr data-sku=\"" + sku + "\" data-marketplace=\"" + marketplace + "\"><td>" + sku +
               "</td><td>" + marketplace + "</td>";
    }
    const auto order = html_escape(field_text(result, "amazon_order_id"));
    std::string items;
    if (const auto* ids = feed_array(result, "order_item_ids")) {
        for (const auto& id : *ids) {
            items +=
                (items.empty() ? "" : ", ") + html_escape(id.is_string() ? id.as_string() : "");
        }
    }
    return "<tr data-order=\"" + order + "\"><td>" + order + R"(</td><td class="items">)" +
           (items.empty() ? "the whole order" : items) + "</td>";
}

// One row per message and issue: what it is about, result, Amazon's code and text.
std::string feed_result_rows(const json::object& result, bool orders) {
    const auto outcome = field_text(result, "result");
    const std::string head = feed_subject_cells(result, orders) + R"(<td class="result">)" +
                             html_escape(outcome) + "</td>";
    const auto* issues = feed_array(result, "issues");
    if (issues == nullptr || issues->empty()) {
        return head + R"(<td class="severity"></td><td class="code"></td><td class="message">)" +
               "</td></tr>";
    }
    std::string rows;
    for (const auto& item : *issues) {
        if (!item.is_object()) {
            continue;
        }
        const auto& issue = item.as_object();
        rows += head + R"(<td class="severity">)" + html_escape(field_text(issue, "severity")) +
                R"(</td><td class="code">)" + html_escape(field_text(issue, "code")) +
                R"(</td><td class="message">)" + html_escape(field_text(issue, "message")) +
                "</td></tr>";
    }
    return rows;
}

bool feed_has_issues(const json::value& result) {
    return result.is_object() && (field_text(result.as_object(), "result") != "accepted" ||
                                  feed_array(result.as_object(), "issues") != nullptr);
}

// The feed's summary: store, type, time, status, messages and those with errors.
std::string feed_summary(const json::object& feed, const FeedKind& kind) {
    const auto type = field_text(feed, "type");
    return R"(<dl class="row" id="feed-summary"><dt class="col-sm-3">Store</dt><dd )"
           R"(class="col-sm-9">)" +
           html_escape(field_text(feed, "store")) +
           R"(</dd><dt class="col-sm-3">Feed type</dt><dd class="col-sm-9">)" +
           html_escape(kind.label) + " (" + html_escape(type) +
           R"()</dd><dt class="col-sm-3">Submitted at</dt><dd class="col-sm-9">)" +
           html_escape(field_text(feed, "submitted_at")) +
           R"(</dd><dt class="col-sm-3">Status</dt><dd class="col-sm-9">)" +
           feed_status_badge(field_text(feed, "status")) +
           R"(</dd><dt class="col-sm-3">Messages</dt><dd class="col-sm-9">)" +
           html_escape(field_text(feed, "message_count")) + " " + html_escape(kind.noun) +
           R"((s)</dd><dt class="col-sm-3">With errors</dt><dd class="col-sm-9">)" +
           html_escape(feed_rejected_text(feed)) + "</dd></dl>";
}

// Not finished yet: what the feed carries (the orders of an acknowledgement feed) and who reads
// Amazon's answer.
std::string feed_pending(const json::object& feed, const FeedKind& kind) {
    std::string orders;
    if (const auto* list = feed_array(feed, "orders")) {
        for (const auto& id : *list) {
            orders += "<li>" + html_escape(id.is_string() ? id.as_string() : "") + "</li>";
        }
    }
    return alert("info", "Amazon has not finished this feed yet: " + std::string(kind.reader) +
                             " reads its processing report when it has.") +
           (orders.empty()
                ? ""
                : R"(<p>Orders in this feed:</p><ul id="feed-orders">)" + orders + "</ul>");
}

// The feed's summary, its feed-level issues, and its per-message table.
std::string feed_detail(const json::object& feed, bool problems_only) {
    const auto kind = kind_of(field_text(feed, "type"));
    const bool orders = kind.noun == "order";
    std::string body = feed_summary(feed, kind);
    if (const auto* issues = feed_array(feed, "issues")) {
        for (const auto& issue : *issues) {
            if (issue.is_object()) {
                body += alert("warning", "Amazon, on the whole feed: " +
                                             field_text(issue.as_object(), "severity") + " " +
                                             field_text(issue.as_object(), "code") + " " +
                                             field_text(issue.as_object(), "message"));
            }
        }
    }
    const auto* results = feed_array(feed, "results");
    if (results == nullptr) {
        return body + feed_pending(feed, kind);
    }
    std::string rows;
    size_t listed = 0;
    for (const auto& result : *results) {
        if (!result.is_object()) {
            continue;
        }
        if ((!problems_only || feed_has_issues(result)) && listed < k_max_results) {
            rows += feed_result_rows(result.as_object(), orders);
            ++listed;
        }
    }
    return body + R"(<table class="table table-sm" id="feed-results"><caption>)" +
           std::to_string(listed) + " of " + std::to_string(results->size()) + " " +
           std::string(kind.noun) + "(s) shown" +
           (problems_only ? " (only those with issues)" : "") + "</caption><thead><tr>" +
           (orders ? R"(<th scope="col">Amazon order</th><th scope="col">Items</th>)"
                   : R"(<th scope="col">SKU</th><th scope="col">Marketplace</th>)") +
           R"(<th scope="col">Result</th><th scope="col">Severity</th><th scope="col">Code</th>)"
           R"(<th scope="col">Amazon's message</th></tr></thead><tbody>)" +
           rows + "</tbody></table>";
}

} // namespace

Response feeds_page(const PageContext& page) {
    const std::string store(field(page.request.query, "store").value_or(""));
    auto shown = newest_feeds(page.host, store, static_cast<int64_t>(k_max_feeds) + 1);
    if (!shown) {
        return message_page(page, "Feed log", "feeds", 500, shown.error().message);
    }
    std::string rows;
    for (size_t i = 0; i < shown->size() && i < k_max_feeds; ++i) {
        rows += feed_row((*shown)[i]);
    }
    const std::string caption =
        shown->size() > k_max_feeds
            ? "The newest " + std::to_string(k_max_feeds) + " feeds submitted to Amazon"
            : std::to_string(shown->size()) + " feed(s) submitted to Amazon";
    return html_page(
        page, "Feed log", "feeds",
        feed_store_filter(store) + R"(<table class="table table-sm" id="feeds"><caption>)" +
            html_escape(caption) +
            R"(</caption><thead><tr><th scope="col">Submitted at</th><th scope="col">Store</th>)"
            R"(<th scope="col">Feed type</th><th scope="col">Amazon feed id</th>)"
            R"(<th scope="col">Status</th><th scope="col">Messages</th><th scope="col">)"
            R"(Accepted</th><th scope="col">With errors</th></tr></thead><tbody>)" +
            rows + "</tbody></table>");
}

Response feed_page(const PageContext& page) {
    const std::string store(field(page.request.query, "store").value_or(""));
    const std::string id(field(page.request.query, "feed").value_or(""));
    auto found = host_entities(page.host, "feed", {{"store", store}, {"feed_id", id}});
    if (!found) {
        return message_page(page, "Feed", "feeds", 500, found.error().message);
    }
    if (found->empty()) {
        return message_page(page, "Feed", "feeds", 404,
                            "No feed " + id + " of store " + store + " in the feed log.");
    }
    const bool problems_only = field(page.request.query, "problems").value_or("") == "1";
    const std::string toggle_query =
        query_string({{"store", store}, {"feed", id}, {"problems", problems_only ? "0" : "1"}});
    const std::string noun(kind_of(field_text(found->front(), "type")).noun);
    const std::string toggle =
        R"(<p><a href="/feeds/show)" + html_escape(toggle_query) + R"(">)" +
        (problems_only ? "Show every " + noun : "Show only " + noun + "s with issues") +
        R"(</a> | <a href="/feeds)" + html_escape(query_string({{"store", store}})) +
        R"(">Back to the feed log</a></p>)";
    return html_page(page, "Feed " + id, "feeds",
                     toggle + feed_detail(found->front(), problems_only));
}

} // namespace amzconn::refhost::console
