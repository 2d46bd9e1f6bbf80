// The failed-order queue (/orders/failed): the Amazon orders the plugin could not import, as it
// keeps them in the host (failed_order entities not yet resolved), each with its reason, fix and
// attempts, and Retry buttons: one order (import_missing_orders by its id) or every order of a
// store (retry_failed_orders), run on the console's job runner with progress and report. An
// import resolves the entry in the same host transaction that writes the order, so the queue
// empties itself and a retried order is written once.
#include "console/html.hpp"
#include "console/order_data.hpp"
#include "console/page_parts.hpp"
#include "json_fields.hpp"

#include <boost/json/serialize.hpp>
#include <set>

namespace amzconn::refhost::console {

namespace json = boost::json;

namespace {

std::string retry_button(const PageContext& page, const std::string& store,
                         const std::string& order_id) {
    const bool all = order_id.empty();
    return R"(<form method="post" action="/orders/retry" data-busy="Retrying...">)" +
           csrf_field(page.session.csrf) + R"(<input type="hidden" name="store" value=")" +
           html_escape(store) + "\">" +
           (all ? std::string()
                : R"(<input type="hidden" name="order_id" value=")" + html_escape(order_id) +
                      "\">") +
           R"(<button type="submit" class="btn btn-sm )" +
           (all ? R"(btn-primary" id="retry-all-)" + html_escape(store) + "\">Retry all of " +
                      html_escape(store)
                : R"(btn-outline-primary" data-retry=")" + html_escape(order_id) +
                      R"(">Retry<span class="visually-hidden"> )" + html_escape(order_id) +
                      "</span>") +
           "</button></form>";
}

std::string failed_row(const PageContext& page, const json::object& entry) {
    const auto td = [&](std::string_view name) {
        const auto text = field_text(entry, name);
        return "<td>" + html_escape(text.empty() ? "-" : text) + "</td>";
    };
    const auto order_id = field_text(entry, "amazon_order_id");
    return R"(<tr data-failed=")" + html_escape(order_id) + "\">" + td("store") +
           td("amazon_order_id") + R"(<td class="failed-reason">)" +
           html_escape(field_text(entry, "reason")) +
           (entry.contains("path") ? " (at " + html_escape(field_text(entry, "path")) + ")" : "") +
           "</td>" + td("fix") + td("first_seen") + td("last_seen") + td("attempts") +
           td("request_id") + "<td>" + retry_button(page, field_text(entry, "store"), order_id) +
           "</td></tr>";
}

} // namespace

Response failed_orders_page(const PageContext& page) {
    auto entries = host_entities(page.host, "failed_order");
    if (!entries) {
        return message_page(page, "Failed-order queue", "orders", 500, entries.error().message);
    }
    std::set<std::string> stores_waiting;
    size_t waiting = 0;
    std::string rows;
    for (const auto& entry : *entries) {
        if (!entry.contains("resolved_at")) {
            stores_waiting.insert(field_text(entry, "store"));
            ++waiting;
            rows += failed_row(page, entry);
        }
    }
    std::string body = R"(<p><a href="/orders">Back to the orders</a></p>)";
    body += R"(<div class="d-flex gap-2 mb-3" id="retry-all">)";
    for (const auto& store : stores_waiting) {
        body += retry_button(page, store, "");
    }
    body += "</div>";
    body += R"(<table class="table table-sm align-middle" id="failed-orders"><caption>)" +
            std::to_string(waiting) +
            R"( order(s) waiting: fix what the reason says, then retry</caption><thead><tr>)"
            R"(<th scope="col">Store</th><th scope="col">Amazon order</th><th scope="col">Reason)"
            R"(</th><th scope="col">Fix</th><th scope="col">First seen</th><th scope="col">Last )"
            R"(seen</th><th scope="col">Attempts</th><th scope="col">Amazon request id</th><th )"
            R"(scope="col">Retry</th></tr></thead><tbody>)" +
            rows + "</tbody></table>";
    return html_page(page, "Failed-order queue", "orders", body);
}

// One order by id (import_missing_orders, as `run import_missing_orders --arg order_ids=ID`), or
// the store's whole queue (retry_failed_orders).
Response failed_order_retry(const PageContext& page) {
    const std::string store(field(page.request.form, "store").value_or(""));
    const std::string order_id(field(page.request.form, "order_id").value_or(""));
    if (store.empty()) {
        return message_page(page, "Failed-order queue", "orders", 400, "Say which store to retry.");
    }
    if (order_id.empty()) {
        (void)page.jobs.start("retry_failed_orders", store, "{}");
    } else {
        (void)page.jobs.start("import_missing_orders", store,
                              json::serialize(json::object{{"order_ids", order_id}}));
    }
    return redirect("/jobs/status");
}

} // namespace amzconn::refhost::console
