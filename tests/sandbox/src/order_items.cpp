#include "order_items.hpp"

namespace amzconn::sandbox {

namespace json = boost::json;

namespace {
std::int64_t number(const json::object& o, std::string_view key, std::int64_t fallback) {
    const auto* v = o.if_contains(key);
    return v && v->is_number() ? v->to_number<std::int64_t>() : fallback;
}
} // namespace

ItemQuantities item_quantities(const json::object& item) {
    ItemQuantities q;
    q.ordered = number(item, "quantityOrdered", 0);
    const auto* f = item.if_contains("fulfillment");
    if (f == nullptr || !f->is_object()) {
        const auto* c = item.if_contains("cancellation");
        const bool executed =
            c && c->is_object() && c->as_object().contains("cancellationExecution");
        q.unshipped = executed ? 0 : q.ordered;
        return q;
    }
    q.shipped = number(f->as_object(), "quantityFulfilled", 0);
    q.unshipped = number(f->as_object(), "quantityUnfulfilled", q.ordered - q.shipped);
    return q;
}

void set_item_quantities(json::object& item, std::int64_t shipped, std::int64_t unshipped) {
    auto& f = item["fulfillment"];
    if (!f.is_object()) {
        f = json::object{};
    }
    f.as_object()["quantityFulfilled"] = shipped;
    f.as_object()["quantityUnfulfilled"] = unshipped;
}

json::object* find_item(json::object& order, std::string_view item_id) {
    auto* items = order.if_contains("orderItems");
    if (items == nullptr || !items->is_array()) {
        return nullptr;
    }
    for (auto& item : items->as_array()) {
        const auto* id = item.is_object() ? item.as_object().if_contains("orderItemId") : nullptr;
        if (id && id->is_string() && id->as_string() == item_id) {
            return &item.as_object();
        }
    }
    return nullptr;
}

std::string derived_status(const json::object& order, std::string_view current) {
    bool any_shipped = false;
    bool all_done = true;
    if (const auto* items = order.if_contains("orderItems"); items && items->is_array()) {
        for (const auto& item : items->as_array()) {
            const auto q = item_quantities(item.as_object());
            any_shipped = any_shipped || q.shipped > 0;
            all_done = all_done && q.unshipped == 0;
        }
    }
    if (all_done) {
        return any_shipped ? "SHIPPED" : "CANCELLED";
    }
    return any_shipped ? "PARTIALLY_SHIPPED" : std::string(current);
}

} // namespace amzconn::sandbox
