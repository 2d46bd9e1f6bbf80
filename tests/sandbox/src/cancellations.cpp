// Seller cancellations (from the acknowledgement feed) and buyer cancellation requests, applied to
// the orders as Amazon shows them in Orders 2026-01-01: `orderItems[].cancellation` and the items'
// unfulfilled quantities, with the order status that follows.
#include "order_items.hpp"
#include "sandbox.hpp"

namespace amzconn::sandbox {

namespace json = boost::json;

namespace {

Failure<Error> refuse(std::string message) {
    return Failure{Error{Status::conflict, std::move(message)}};
}

// Every unshipped unit of every item, for a whole-order cancellation.
Result<std::vector<CancelLine>> whole_order(const json::object& doc, const std::string& status,
                                            const std::string& order_id) {
    if (status != "UNSHIPPED") {
        return refuse("Order " + order_id + " is " + status +
                      "; only an UNSHIPPED order can be cancelled whole (list the items of a "
                      "partially shipped order).");
    }
    std::vector<CancelLine> lines;
    for (const auto& item : doc.at("orderItems").as_array()) {
        const auto q = item_quantities(item.as_object());
        if (q.unshipped > 0) {
            lines.push_back({std::string(item.at("orderItemId").as_string()), "GeneralAdjustment",
                             q.unshipped});
        }
    }
    if (lines.empty()) {
        return refuse("Order " + order_id + " has nothing left to cancel.");
    }
    return lines;
}

// Checks one line against its item and applies it to `doc`.
Result<void> cancel_line(json::object& doc, const std::string& order_id, CancelLine& line) {
    auto* item = find_item(doc, line.item_id);
    if (item == nullptr) {
        return Failure{Error{Status::bad_input, "Order item " + line.item_id +
                                                    " is not part of order " + order_id + "."}};
    }
    const auto q = item_quantities(*item);
    if (q.unshipped == 0) {
        return refuse("Order item " + line.item_id + " has nothing left to cancel (" +
                      std::to_string(q.shipped) + " shipped, " + std::to_string(q.cancelled()) +
                      " cancelled).");
    }
    if (line.quantity == 0) {
        line.quantity = q.unshipped;
    }
    if (line.quantity > q.unshipped) {
        return refuse("Quantity " + std::to_string(line.quantity) + " for order item " +
                      line.item_id + " exceeds its unshipped quantity (" +
                      std::to_string(q.unshipped) + ").");
    }
    set_item_quantities(*item, q.shipped, q.unshipped - line.quantity);
    auto& cancellation = (*item)["cancellation"];
    if (!cancellation.is_object()) {
        cancellation = json::object{};
    }
    cancellation.as_object()["cancellationExecution"] = {{"cancelledBy", line.by},
                                                         {"cancelReason", line.reason}};
    return {};
}

} // namespace

Result<void> Sandbox::cancel_order_items(const std::string& order_id, std::vector<CancelLine> lines,
                                         Millis now) {
    const auto it = m_order_index.find(order_id);
    const OrderVersion* v = it == m_order_index.end() ? nullptr : m_orders[it->second].current(now);
    if (v == nullptr) {
        return Failure{Error{Status::not_found, "Order " + order_id + " was not found."}};
    }
    auto& order = m_orders[it->second];
    if (order.amazon_fulfilled) {
        return Failure{Error{Status::bad_input, "Order " + order_id +
                                                    " is fulfilled by Amazon; it cannot be "
                                                    "cancelled by the seller."}};
    }
    if (v->status != "UNSHIPPED" && v->status != "PARTIALLY_SHIPPED") {
        return refuse("Order " + order_id + " is " + v->status +
                      "; only UNSHIPPED or PARTIALLY_SHIPPED orders can be cancelled.");
    }
    json::object doc = v->doc;
    if (lines.empty()) {
        TRY_ASSIGN(lines, whole_order(doc, v->status, order_id));
    }
    for (auto& line : lines) {
        TRY(cancel_line(doc, order_id, line));
    }
    doc["fulfillment"].as_object()["fulfillmentStatus"] = derived_status(doc, v->status);
    push_version(order, std::move(doc), now);
    json::array ids;
    json::array items;
    for (const auto& line : lines) {
        ids.emplace_back(line.item_id);
        items.push_back(json::object{
            {"orderItemId", line.item_id}, {"quantity", line.quantity}, {"reason", line.reason}});
    }
    order.cancellations.push_back(json::object{{"orderItemIds", std::move(ids)},
                                               {"reason", lines.front().reason},
                                               {"items", std::move(items)},
                                               {"time", format_rfc3339(now)}});
    return {};
}

Result<void> Sandbox::request_buyer_cancellation(const std::string& order_id,
                                                 const std::vector<std::string>& item_ids,
                                                 const std::string& reason, Millis now) {
    const auto it = m_order_index.find(order_id);
    const OrderVersion* v = it == m_order_index.end() ? nullptr : m_orders[it->second].current(now);
    if (v == nullptr) {
        return Failure{Error{Status::not_found, "order " + order_id + " was not found"}};
    }
    if (v->status == "SHIPPED" || v->status == "CANCELLED") {
        return refuse("order " + order_id + " is " + v->status +
                      ": a buyer can only ask to cancel what is not shipped yet");
    }
    json::object doc = v->doc;
    std::vector<std::string> targets = item_ids;
    if (targets.empty()) {
        for (const auto& item : doc.at("orderItems").as_array()) {
            if (item_quantities(item.as_object()).unshipped > 0) {
                targets.emplace_back(item.at("orderItemId").as_string());
            }
        }
    }
    for (const auto& id : targets) {
        auto* item = find_item(doc, id);
        if (item == nullptr) {
            return Failure{
                Error{Status::bad_input, "order item " + id + " is not part of order " + order_id}};
        }
        auto& cancellation = (*item)["cancellation"];
        if (!cancellation.is_object()) {
            cancellation = json::object{};
        }
        cancellation.as_object()["cancellationRequest"] = {{"requester", "BUYER"},
                                                           {"cancelReason", reason}};
    }
    push_version(m_orders[it->second], std::move(doc), now);
    return {};
}

} // namespace amzconn::sandbox
