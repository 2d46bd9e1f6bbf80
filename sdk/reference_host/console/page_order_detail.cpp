// One sales order (/orders/detail?id=KEY): its facts (Amazon ids, marketplace, fulfilment channel,
// dates, totals), lines, charges, taxes and metadata as the host holds them, the shipments and
// cancellation recorded for it, the Ship and Cancel forms of an FBM order that is still open, and
// its log trail (the connection log by the Amazon order id, as /log?reference= shows it). Of the
// buyer only the ship-to city and country are shown.
#include "console/config_form.hpp"
#include "console/html.hpp"
#include "console/order_data.hpp"
#include "console/order_pages.hpp"
#include "console/page_parts.hpp"
#include "json_fields.hpp"
#include "time_text.hpp"


namespace amzconn::refhost::console {

namespace json = boost::json;

namespace {

constexpr int64_t k_trail_days_ms = 7LL * 24 * 3600 * 1000;

std::string escaped_or_dash(const std::string& text) {
    return html_escape(text.empty() ? "-" : text);
}

// A table of `rows`, each already a row of cells; `columns` are the header cells.
std::string detail_table(std::string_view id, std::string_view caption,
                         const std::vector<std::string>& columns, const std::string& rows) {
    std::string html = R"(<table class="table table-sm" id=")" + std::string(id) +
                       R"("><caption class="visually-hidden">)" + std::string(caption) +
                       "</caption><thead><tr>";
    for (const auto& column : columns) {
        html += R"(<th scope="col">)" + column + "</th>";
    }
    return html + "</tr></thead><tbody>" + rows + "</tbody></table>";
}

std::string cells(const json::object& object, const std::vector<std::string_view>& names) {
    std::string html = "<tr>";
    for (const auto name : names) {
        html += "<td>" + escaped_or_dash(field_text(object, name)) + "</td>";
    }
    return html + "</tr>";
}

const json::array& array_field(const json::object& object, std::string_view name) {
    static const json::array k_empty;
    const auto* value = object.if_contains(name);
    return value != nullptr && value->is_array() ? value->as_array() : k_empty;
}

std::string facts_section(const json::object& order) {
    const auto* totals_value = order.if_contains("totals");
    const json::object totals = totals_value != nullptr && totals_value->is_object()
                                    ? totals_value->as_object()
                                    : json::object();
    const auto* ship_to = order.if_contains("ship_to");
    const json::object to =
        ship_to != nullptr && ship_to->is_object() ? ship_to->as_object() : json::object();
    const std::vector<std::pair<std::string, std::string>> facts{
        {"Amazon order id", amazon_order_id(order)},
        {"Host key", field_text(order, "idempotency_key")},
        {"Host number", field_text(order, "id")},
        {"Store", field_text(order, "store")},
        {"Marketplace",
         order_meta(order, "marketplace") + " " + order_meta(order, "marketplace_name")},
        {"Fulfilment",
         fulfilment_of(order) + " (" + order_meta(order, "amazon_fulfillment_channel") + ")"},
        {"Host status", field_text(order, "status")},
        {"Amazon status", order_meta(order, "amazon_status")},
        {"Ordered", field_text(order, "order_date")},
        {"Amazon last updated", order_meta(order, "amazon_last_updated")},
        {"Ship by", order_meta(order, "ship_by_latest")},
        {"Customer (host)", field_text(order, "customer")},
        {"Warehouse", field_text(order, "warehouse")},
        {"Ship to", field_text(to, "city") + " " + field_text(to, "country_code")},
        {"Total", field_text(totals, "total") + " " + field_text(order, "currency")}};
    std::string html = R"(<dl class="row" id="order-facts">)";
    for (const auto& [name, value] : facts) {
        const auto trimmed = value.find_first_not_of(" ()") == std::string::npos ? "" : value;
        html += R"(<dt class="col-sm-3">)" + name + R"(</dt><dd class="col-sm-9">)" +
                escaped_or_dash(trimmed) + "</dd>";
    }
    return html + "</dl>";
}

std::string lines_and_charges(const json::object& order) {
    std::string lines;
    for (const auto& line : array_field(order, "lines")) {
        if (line.is_object()) {
            lines += cells(line.as_object(),
                           {"sku", "product", "description", "quantity", "unit_price", "discount"});
        }
    }
    std::string charges;
    for (const auto& charge : array_field(order, "charges")) {
        if (charge.is_object()) {
            charges += cells(charge.as_object(), {"kind", "description", "amount", "account"});
        }
    }
    return R"(<h2 class="h5">Lines</h2>)" +
           detail_table("order-lines", "Lines",
                        {"SKU", "Product", "Description", "Quantity", "Unit price", "Discount"},
                        lines) +
           R"(<h2 class="h5">Charges</h2>)" +
           detail_table("order-charges", "Charges", {"Kind", "Description", "Amount", "Account"},
                        charges);
}

// Each line's and charge's tax, the order's tax total and the tax facts of its metadata.
std::string taxes_section(const json::object& order) {
    std::string rows;
    for (const auto* list : {"lines", "charges"}) {
        for (const auto& item : array_field(order, list)) {
            if (!item.is_object()) {
                continue;
            }
            const auto& o = item.as_object();
            const auto what = o.contains("sku") ? field_text(o, "sku") : field_text(o, "kind");
            rows += "<tr><td>" + escaped_or_dash(what) + "</td><td>" +
                    escaped_or_dash(field_text(o, "tax_code")) + "</td><td>" +
                    escaped_or_dash(field_text(o, "tax_rate")) + "</td><td>" +
                    escaped_or_dash(field_text(o, "tax_amount")) + "</td></tr>";
        }
    }
    const auto* totals = order.if_contains("totals");
    if (totals != nullptr && totals->is_object()) {
        rows += R"(<tr><th scope="row">Order tax</th><td></td><td></td><td>)" +
                escaped_or_dash(field_text(totals->as_object(), "tax")) + "</td></tr>";
    }
    const auto* metadata = order.if_contains("metadata");
    if (metadata != nullptr && metadata->is_object()) {
        for (const auto& [key, value] : metadata->as_object()) {
            if (std::string_view(key).find("tax") != std::string_view::npos) {
                rows += "<tr><td>" + html_escape(key) + "</td><td></td><td></td><td>" +
                        html_escape(value.is_string() ? std::string(value.as_string()) : "") +
                        "</td></tr>";
            }
        }
    }
    return R"(<h2 class="h5">Taxes</h2>)" +
           detail_table("order-taxes", "Taxes", {"Item", "Tax code", "Rate (%)", "Amount"}, rows);
}

std::string metadata_section(const json::object& order) {
    std::string rows;
    const auto* metadata = order.if_contains("metadata");
    if (metadata != nullptr && metadata->is_object()) {
        for (const auto& [key, value] : metadata->as_object()) {
            rows += "<tr><td>" + html_escape(key) + "</td><td>" +
                    html_escape(value.is_string() ? std::string(value.as_string())
                                                  : field_text(metadata->as_object(), key)) +
                    "</td></tr>";
        }
    }
    return R"(<h2 class="h5">Metadata</h2>)" +
           detail_table("order-metadata", "Metadata", {"Key", "Value"}, rows);
}

} // namespace

namespace {

// The shipments and cancellation the host holds for the order.
std::string held_section(const std::vector<json::object>& shipments,
                         const std::vector<json::object>& cancellations) {
    std::string rows;
    for (const auto& shipment : shipments) {
        rows += "<tr><td>shipment</td><td>" + escaped_or_dash(field_text(shipment, "shipped_at")) +
                "</td><td>" +
                escaped_or_dash(field_text(shipment, "carrier") + " " +
                                field_text(shipment, "service")) +
                R"(</td><td class="shipment-tracking">)" +
                escaped_or_dash(field_text(shipment, "tracking")) + "</td></tr>";
    }
    for (const auto& cancellation : cancellations) {
        rows += "<tr><td>cancellation</td><td>" +
                escaped_or_dash(field_text(cancellation, "cancelled_at")) +
                R"(</td><td class="cancellation-reason">)" +
                escaped_or_dash(field_text(cancellation, "reason")) + "</td><td>-</td></tr>";
    }
    return R"(<h2 class="h5">Shipments and cancellation</h2>)" +
           detail_table("order-fulfilment", "Recorded in the host for Amazon",
                        {"Kind", "When", "Carrier / reason", "Tracking"}, rows);
}

std::string ship_form(const PageContext& page, const std::string& key) {
    return R"(<form method="post" action="/orders/ship" class="card card-body mb-3" )"
           R"(id="ship-form" data-busy="Confirming to Amazon...">)" +
           csrf_field(page.session.csrf) + R"(<input type="hidden" name="id" value=")" +
           html_escape(key) +
           R"("><h3 class="h6">Ship (confirm the package to Amazon)</h3><div class="row g-2">)"
           R"(<div class="col-md-4"><label for="carrier" class="form-label">Carrier</label>)"
           R"(<input class="form-control" id="carrier" name="carrier" )"
           R"(aria-describedby="carrier-help"><div id="carrier-help" class="form-text">The )"
           R"(host's carrier name or Amazon's code; empty: the store's default carrier.</div>)"
           R"(</div><div class="col-md-3"><label for="service" class="form-label">Service )"
           R"((optional)</label><input class="form-control" id="service" name="service"></div>)"
           R"(<div class="col-md-5"><label for="tracking" class="form-label">Tracking number)"
           R"(</label><input class="form-control" id="tracking" name="tracking" required>)"
           R"(</div></div><div class="mt-2"><button type="submit" class="btn btn-primary" )"
           R"(id="ship">Ship order</button></div></form>)";
}

std::string cancel_form(const PageContext& page, const std::string& key) {
    std::string options;
    for (const auto& reason : cancel_reasons(page.cli)) {
        options +=
            "<option value=\"" + html_escape(reason) + "\">" + html_escape(reason) + "</option>";
    }
    return R"(<form method="post" action="/orders/cancel" class="card card-body mb-3" )"
           R"(id="cancel-form" data-busy="Cancelling...">)" +
           csrf_field(page.session.csrf) + R"(<input type="hidden" name="id" value=")" +
           html_escape(key) +
           R"("><h3 class="h6">Cancel at Amazon</h3><div class="row g-2"><div class="col-md-6">)"
           R"(<label for="reason" class="form-label">Reason</label><select class="form-select" )"
           R"(id="reason" name="reason" aria-describedby="reason-help">)" +
           options +
           R"(</select><div id="reason-help" class="form-text">Amazon's cancel reasons. The )"
           R"(cancellation waits cancellations.batch_delay for others, then goes in one feed.)"
           R"(</div></div></div><div class="mt-2"><button type="submit" class="btn )"
           R"(btn-outline-danger" id="cancel">Cancel order at Amazon</button></div></form>)";
}

// Ship and Cancel for an open FBM order that has none yet; else why there are none.
std::string actions_section(const PageContext& page, const json::object& order, bool shipped,
                            bool cancelled) {
    const auto key = field_text(order, "idempotency_key");
    const auto status = field_text(order, "status");
    std::string html = R"(<h2 class="h5">Actions</h2>)";
    if (fulfilment_of(order) != "FBM") {
        return html + R"(<p id="no-actions">Amazon ships and cancels FBA orders.</p>)";
    }
    if (status == "shipped" || status == "cancelled" || status == "completed") {
        return html + R"(<p id="no-actions">The order is )" + html_escape(status) + ".</p>";
    }
    if (!shipped && !cancelled) {
        return html + ship_form(page, key) + cancel_form(page, key);
    }
    return html + R"(<p id="no-actions">)" +
           (shipped ? "A shipment is recorded for this order."
                    : "A cancellation is recorded for this order.") +
           "</p>";
}

std::string log_trail(const PageContext& page, const std::string& reference) {
    LogQuery query;
    query.reference = reference;
    query.since_ms = page.host.now_ms() - k_trail_days_ms;
    auto records = page.host.read_log(query);
    std::string rows;
    if (records) {
        for (auto it = records->rbegin(); it != records->rend(); ++it) {
            rows += "<tr><td>" + html_escape(format_rfc3339(it->ts_ms)) + "</td><td>" +
                    (it->level == LogLevel::error  ? "ERROR"
                     : it->level == LogLevel::info ? "INFO"
                                                   : "DEBUG") +
                    R"(</td><td class="log-message">)" + html_escape(it->message) + "</td></tr>";
        }
    }
    return R"(<h2 class="h5">Log trail</h2><p><a href="/log)" +
           html_escape(query_string({{"reference", reference}, {"level", "ALL"}})) +
           R"(">In the connection log</a></p>)" +
           (records ? detail_table("order-log", "The last 7 days, newest first",
                                   {"Time", "Level", "Message"}, rows)
                    : alert("warning", records.error().message));
}

// The first property schema called `name` in a JSON Schema, through "properties" and "items" (a
// name at one level before any deeper).
const json::object* schema_at(const json::value& schema, std::string_view name) {
    const auto* object = schema.if_object();
    if (object == nullptr) {
        return nullptr;
    }
    if (const auto* properties = object->if_contains("properties");
        properties != nullptr && properties->is_object()) {
        if (const auto* found = properties->as_object().if_contains(name)) {
            return found->if_object();
        }
        for (const auto& [key, value] : properties->as_object()) {
            if (const auto* deeper = schema_at(value, name)) {
                return deeper;
            }
        }
    }
    const auto* items = object->if_contains("items");
    return items != nullptr ? schema_at(*items, name) : nullptr;
}

} // namespace

std::vector<std::string> cancel_reasons(CliContext& cli) {
    std::vector<std::string> reasons;
    const auto schema = settings_schema(cli);
    const auto* section = schema ? schema_at(*schema, "cancellations") : nullptr;
    const auto* fields = section != nullptr ? section->if_contains("properties") : nullptr;
    const auto* reason = fields != nullptr && fields->is_object()
                             ? fields->as_object().if_contains("default_reason")
                             : nullptr;
    const auto* values = reason != nullptr && reason->is_object()
                             ? reason->as_object().if_contains("enum")
                             : nullptr;
    if (values != nullptr && values->is_array()) {
        for (const auto& value : values->as_array()) {
            if (value.is_string()) {
                reasons.emplace_back(value.as_string());
            }
        }
    }
    return reasons;
}

Response order_detail_with(const PageContext& page, std::string_view key, std::string notice_html,
                           int status) {
    auto order = host_order(page.host, key);
    if (!order || !order->has_value()) {
        return message_page(page, "Order", "orders", order ? 404 : 500,
                            order ? "The host holds no sales order with key '" + std::string(key) +
                                        "'; the orders are listed at /orders."
                                  : order.error().message);
    }
    const json::object& o = **order;
    const json::object of_order{{"order", key}};
    auto shipments = host_entities(page.host, "shipment", of_order);
    auto cancellations = host_entities(page.host, "cancellation", of_order);
    if (!shipments || !cancellations) {
        return message_page(page, "Order", "orders", 500,
                            (shipments ? cancellations.error() : shipments.error()).message);
    }
    std::string body = notice_html + R"(<p><a href="/orders">Back to the orders</a></p>)" +
                       facts_section(o) + lines_and_charges(o) + taxes_section(o) +
                       held_section(*shipments, *cancellations) +
                       actions_section(page, o, !shipments->empty(), !cancellations->empty()) +
                       metadata_section(o) + log_trail(page, amazon_order_id(o));
    Response response = html_page(page, "Order " + amazon_order_id(o), "orders", body);
    response.status = status;
    return response;
}

Response order_detail_page(const PageContext& page) {
    return order_detail_with(page, field(page.request.query, "id").value_or(""), "", 200);
}

} // namespace amzconn::refhost::console
