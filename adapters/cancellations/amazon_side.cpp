#include "cancellations/amazon_side.hpp"

namespace amzconn::cancellations {

namespace {

// Units cancelled: ordered - fulfilled - unfulfilled, when Amazon gave both quantities.
int64_t cancelled_units(const AmazonItem& item) {
    if (!item.fulfilled || !item.unfulfilled) {
        return item.cancelled_by ? item.ordered : 0; // an execution without quantities: all
    }
    const int64_t units = item.ordered - *item.fulfilled - *item.unfulfilled;
    return units > 0 ? units : 0;
}

int64_t open_units(const AmazonItem& item) {
    return item.unfulfilled.value_or(item.ordered - item.fulfilled.value_or(0));
}

} // namespace

AmazonSide read_amazon_side(const std::vector<AmazonItem>& items) {
    AmazonSide out;
    size_t with_open = 0;
    for (const auto& item : items) {
        const int64_t cancelled = cancelled_units(item);
        if (cancelled > 0) {
            out.cancelled.push_back({item.order_item_id, item.sku, cancelled,
                                     item.cancelled_by.value_or(""),
                                     item.cancel_reason.value_or("")});
        }
        const int64_t open = open_units(item);
        with_open += open > 0 ? 1 : 0;
        // A request the seller has not executed yet, on units still open.
        if (item.requester && *item.requester == "BUYER" && !item.cancelled_by && open > 0) {
            if (!out.request) {
                out.request = BuyerRequest{item.request_reason.value_or(""), {}, false};
            }
            out.request->items.push_back(
                {item.order_item_id, item.sku, open, "BUYER", item.request_reason.value_or("")});
        }
    }
    if (out.request) {
        out.request->whole_order = out.request->items.size() == with_open;
    }
    return out;
}

std::string describe(const std::vector<CancelledItem>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : "; ") + std::to_string(item.units) + " of " +
               (item.sku.empty() ? "item " + item.order_item_id : item.sku);
        if (!item.by.empty() || !item.reason.empty()) {
            out += " (" + item.by + (item.by.empty() || item.reason.empty() ? "" : ", ") +
                   item.reason + ")";
        }
    }
    return out;
}

} // namespace amzconn::cancellations
