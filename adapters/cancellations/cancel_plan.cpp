#include "cancellations/cancel_plan.hpp"

#include "cancellations/cancel_reasons.hpp"

#include <map>

namespace amzconn::cancellations {

namespace {

Refusal shipped_refusal(const std::string& what) {
    return {what + " is shipped: Amazon does not cancel what has shipped",
            "refund the buyer instead (Seller Central: Refund order) and take the goods back as a "
            "return"};
}

// Every open unit of every item.
CancelPlan whole_order(const CancelOrder& order, const std::string& reason) {
    AckMessage out{order.amazon_order_id, {}};
    for (const auto& item : order.items) {
        if (item.open() > 0) {
            out.items.push_back({item.order_item_id, reason, item.open()});
        }
    }
    if (!out.items.empty()) {
        return out;
    }
    for (const auto& item : order.items) {
        if (item.shipped > 0) {
            return shipped_refusal("order " + order.amazon_order_id);
        }
    }
    return Refusal{"order " + order.amazon_order_id + " has nothing left to cancel",
                   "nothing to do: every item is cancelled already"};
}

// The listed SKUs, each spread over the order's items of that SKU in their order.
CancelPlan listed_lines(const CancelOrder& order, const std::vector<CancelLine>& lines,
                        const std::string& reason) {
    std::map<std::string, int64_t> wanted; // by SKU, in the lines' order of first mention
    std::vector<std::string> skus;
    for (const auto& line : lines) {
        if (line.sku.empty() || line.quantity < 1) {
            return Refusal{"a cancelled line needs a SKU and a positive quantity",
                           "correct the cancellation's lines in the host"};
        }
        if (wanted[line.sku] == 0) {
            skus.push_back(line.sku);
        }
        wanted[line.sku] += line.quantity;
    }
    AckMessage out{order.amazon_order_id, {}};
    for (const auto& sku : skus) {
        int64_t left = wanted[sku];
        int64_t open = 0, shipped = 0;
        bool known = false;
        for (const auto& item : order.items) {
            if (item.sku != sku) {
                continue;
            }
            known = true;
            open += item.open();
            shipped += item.shipped;
        }
        if (!known) {
            return Refusal{"SKU " + sku + " is not an item of order " + order.amazon_order_id,
                           "list only SKUs of the order"};
        }
        if (open == 0 && shipped > 0) {
            return shipped_refusal("SKU " + sku + " of order " + order.amazon_order_id);
        }
        if (left > open) {
            return Refusal{"order " + order.amazon_order_id + " has " + std::to_string(open) +
                               " unit(s) of SKU " + sku + " left to cancel, not " +
                               std::to_string(left) + " (" + std::to_string(shipped) + " shipped)",
                           "cancel at most the units not shipped or cancelled yet"};
        }
        for (const auto& item : order.items) {
            if (item.sku == sku && left > 0 && item.open() > 0) {
                const int64_t take = std::min(left, item.open());
                out.items.push_back({item.order_item_id, reason, take});
                left -= take;
            }
        }
    }
    return out;
}

} // namespace

std::variant<std::string, Refusal> resolve_reason(const CancellationSettings& settings,
                                                  const std::string& host_reason) {
    const std::string reason = host_reason.empty() ? settings.default_reason : host_reason;
    if (auto problem = reason_problem(reason)) {
        return Refusal{*problem, "give the cancellation one of Amazon's reasons"};
    }
    return reason;
}

CancelPlan plan_cancellation(const CancellationSettings& settings,
                             const HostCancellation& cancellation, const CancelOrder& order) {
    auto reason = resolve_reason(settings, cancellation.reason);
    if (auto* refusal = std::get_if<Refusal>(&reason)) {
        return *refusal;
    }
    if (order.fulfilled_by_amazon) {
        return Refusal{"order " + order.amazon_order_id + " is fulfilled by Amazon (FBA)",
                       "Amazon cancels FBA orders: ask the buyer to cancel, or contact Seller "
                       "Support"};
    }
    if (order.consolidated) {
        return Refusal{"order " + cancellation.order + " combines several Amazon orders",
                       "cancel the Amazon orders one by one in Seller Central"};
    }
    if (order.shipped) {
        return shipped_refusal("order " + order.amazon_order_id);
    }
    if (order.items.empty()) {
        return Refusal{"order " + order.amazon_order_id +
                           " has no Amazon order item ids in the host",
                       "import the order again (import_missing_orders --arg order_ids=" +
                           order.amazon_order_id + "), then cancel it again"};
    }
    const auto& text = std::get<std::string>(reason);
    return cancellation.lines.empty() ? whole_order(order, text)
                                      : listed_lines(order, cancellation.lines, text);
}

} // namespace amzconn::cancellations
