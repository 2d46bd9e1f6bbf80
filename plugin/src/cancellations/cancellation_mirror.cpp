#include "cancellations/cancellation_mirror.hpp"

#include "base/time.hpp"
#include "cancellations/amazon_side.hpp"
#include "engine/job_names.hpp"
#include "host/cancellation_host_data.hpp"
#include "host/host_json.hpp"
#include "host/order_lines.hpp"

#include <boost/json.hpp>
#include <map>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

cancellations::AmazonSide amazon_side(const spapi::orders::Order& order) {
    std::vector<cancellations::AmazonItem> items;
    for (const auto& item : order.order_items) {
        cancellations::AmazonItem a;
        a.order_item_id = item.order_item_id;
        a.sku = item.product.seller_sku.value_or("");
        a.ordered = item.quantity_ordered;
        if (item.fulfillment) {
            a.fulfilled = item.fulfillment->quantity_fulfilled;
            a.unfulfilled = item.fulfillment->quantity_unfulfilled;
        }
        if (item.cancellation) {
            a.requester = item.cancellation->requester;
            a.request_reason = item.cancellation->request_reason;
            a.cancelled_by = item.cancellation->cancelled_by;
            a.cancel_reason = item.cancellation->execution_reason;
        }
        items.push_back(std::move(a));
    }
    return cancellations::read_amazon_side(items);
}

// The buyer's request answered: a cancellation of the requested units with BuyerCanceled,
// recorded once (send_cancellations plans and sends it).
Result<bool> accept_request(HostServices& host, const std::string& store,
                            const std::string& order_key, const cancellations::BuyerRequest& r) {
    std::vector<cancellations::CancelLine> lines;
    json::array line_docs;
    if (!r.whole_order) {
        for (const auto& item : r.items) {
            if (item.sku.empty()) {
                return false; // a line without a SKU cannot be named to the host
            }
            lines.push_back({item.sku, item.units});
            line_docs.push_back(json::object{{"sku", item.sku}, {"quantity", item.units}});
        }
    }
    const auto key = cancellation_key(order_key, lines);
    TRY_ASSIGN(const auto existing, query_entities(host, "cancellation", {{"order", order_key}}));
    for (const auto& doc : existing) {
        if (doc.is_object()) {
            auto parsed = parse_cancellation(doc.as_object());
            if (parsed && parsed->cancellation.key == key) {
                return false;
            }
        }
    }
    json::object doc{{"order", order_key},
                     {"store", store},
                     {"reference", order_key.substr(order_key.find(':') + 1)},
                     {"cancelled_at", time::format_rfc3339({host.now_ms()})},
                     {"reason", "BuyerCanceled"}};
    if (!line_docs.empty()) {
        doc["lines"] = std::move(line_docs);
    }
    TRY(host.entity_upsert("cancellation", key, json::serialize(doc)));
    return true;
}

// The request's INFO line, and its answer when the store accepts requests.
Outcome surface_request(HostServices& host, const config::StoreConfig& store,
                        const spapi::orders::Order& order, const std::string& order_key,
                        const std::string& status, const cancellations::BuyerRequest& r) {
    std::string line = "order " + order_key + ": the buyer asks to cancel " +
                       (r.whole_order ? "the order" : cancellations::describe(r.items)) +
                       (r.reason.empty() ? "" : " (reason: " + r.reason + ")");
    const bool open = status != "shipped" && status != "cancelled" && status != "completed";
    if (store.cancellations.accept_buyer_requests && open) {
        TRY_ASSIGN(const bool recorded, accept_request(host, store.alias, order_key, r));
        line += recorded ? "; accepted: a cancellation with BuyerCanceled is queued for " +
                               std::string(job_names::send_cancellations)
                         : "; already answered";
    } else {
        line += open ? "; to accept it, cancel the order from the host with reason BuyerCanceled "
                       "(or set cancellations.accept_buyer_requests: true)"
                     : "; the host order is " + status + ", so it is not answered";
    }
    host.log(LogLevel::info, store.alias, order.order_id, line);
    return {};
}

// What Amazon still holds of each SKU it cancelled units of: ordered minus cancelled.
std::map<std::string, int64_t> kept_by_sku(const spapi::orders::Order& order,
                                           const cancellations::AmazonSide& side) {
    std::map<std::string, int64_t> kept;
    for (const auto& c : side.cancelled) {
        if (!c.sku.empty()) {
            kept[c.sku] -= c.units;
        }
    }
    for (const auto& item : order.order_items) {
        if (auto it = kept.find(item.product.seller_sku.value_or("")); it != kept.end()) {
            it->second += item.quantity_ordered;
        }
    }
    return kept;
}

// The host order's lines brought down to what Amazon still holds, while the order is open.
Result<cancellations::LineReduction> line_reduction(const json::object& doc,
                                                    const spapi::orders::Order& order,
                                                    const cancellations::AmazonSide& side,
                                                    const std::string& status) {
    if (side.cancelled.empty() || status == "shipped" || status == "completed" ||
        status == "cancelled") {
        return cancellations::LineReduction{};
    }
    TRY_ASSIGN(const auto lines, read_order_lines(doc));
    return cancellations::reduce_lines(lines, kept_by_sku(order, side));
}

// The metadata's amazon_order_items with each item's quantity down to what Amazon still holds of
// it, so that a shipment of "the rest of the order" never names cancelled units. Empty when the
// text is absent, unreadable or already right.
std::string items_left(const json::object& meta, const cancellations::AmazonSide& side,
                       const spapi::orders::Order& order) {
    std::map<std::string, int64_t> left; // order item id -> units Amazon still holds
    for (const auto& c : side.cancelled) {
        for (const auto& item : order.order_items) {
            if (item.order_item_id == c.order_item_id) {
                left[c.order_item_id] = item.quantity_ordered - c.units;
            }
        }
    }
    boost::system::error_code ec;
    auto items = json::parse(text_field(meta, "amazon_order_items"), ec);
    if (ec || !items.is_array()) {
        return "";
    }
    bool changed = false;
    for (auto& v : items.as_array()) {
        auto* item = v.if_object();
        const auto it = item ? left.find(text_field(*item, "id")) : left.end();
        if (it != left.end() && (*item)["quantity"] != json::value(it->second)) {
            (*item)["quantity"] = it->second;
            changed = true;
        }
    }
    return changed ? json::serialize(items) : "";
}

std::string units_text(const std::map<std::string, int64_t>& units) {
    std::string out;
    for (const auto& [sku, n] : units) {
        out += (out.empty() ? "" : ", ") + std::to_string(n) + " of " + sku;
    }
    return out;
}

} // namespace

Outcome mirror_amazon_cancellations(HostServices& host, const config::StoreConfig& store,
                                    const spapi::orders::Order& order,
                                    const std::string& order_key) {
    const auto side = amazon_side(order);
    if (side.empty()) {
        return {};
    }
    TRY_ASSIGN(auto found,
               query_entities(host, "sales_order", {{"idempotency_key", order_key}, {"limit", 1}}));
    if (found.empty() || !found.front().is_object()) {
        return {};
    }
    auto doc = std::move(found.front().as_object());
    doc.erase("id");
    auto& meta_value = doc["metadata"];
    if (!meta_value.is_object()) {
        meta_value = json::object{};
    }
    auto& meta = meta_value.as_object();
    const auto cancelled = cancellations::describe(side.cancelled);
    const auto request =
        side.request ? side.request->reason + ": " + cancellations::describe(side.request->items)
                     : std::string();
    const bool new_cancelled =
        !cancelled.empty() && text_field(meta, "amazon_cancelled_items") != cancelled;
    const bool new_request =
        !request.empty() && text_field(meta, "amazon_cancellation_request") != request;
    const auto status = text_field(doc, "status");
    TRY_ASSIGN(const auto reduction, line_reduction(doc, order, side, status));
    const auto items = items_left(meta, side, order);
    if (!new_cancelled && !new_request && reduction.empty() && items.empty()) {
        return {};
    }
    if (!items.empty()) {
        meta["amazon_order_items"] = items;
    }
    if (!cancelled.empty()) {
        meta["amazon_cancelled_items"] = cancelled;
    }
    if (!request.empty()) {
        meta["amazon_cancellation_request"] = request;
    }
    TRY(apply_line_reduction(doc, reduction));
    TRY(host.entity_upsert("sales_order", order_key, json::serialize(doc)));
    if ((new_cancelled || !reduction.empty()) && status != "cancelled") {
        host.log(LogLevel::info, store.alias, order.order_id,
                 "order " + order_key + ": Amazon cancelled " + cancelled +
                     " (recorded in the order's metadata amazon_cancelled_items)" +
                     (reduction.empty()
                          ? std::string()
                          : "; the order's lines gave up " + units_text(reduction.units_off)));
    }
    if (new_request) {
        TRY(surface_request(host, store, order, order_key, status, *side.request));
    }
    return {};
}

} // namespace amzconn::plugin
