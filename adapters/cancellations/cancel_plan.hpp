// One host cancellation -> one OrderAcknowledgement message (StatusCode Failure, an Item per
// order item with its CancelReason and Quantity), or a refusal that says why and what to do.
// Lines are matched to the order's Amazon items by SKU; a whole-order cancellation lists every
// item with the units not shipped yet, so the reason travels with each item.
#pragma once

#include "cancellations/cancel_input.hpp"
#include "cancellations/settings.hpp"

#include <string>
#include <variant>
#include <vector>

namespace amzconn::cancellations {

struct AckItem {
    std::string order_item_id;
    std::string reason;
    int64_t quantity = 0;
};

// What one acknowledgement message sends.
struct AckMessage {
    std::string amazon_order_id;
    std::vector<AckItem> items;
};

// A cancellation Amazon would refuse, or that must not be sent.
struct Refusal {
    std::string reason;
    std::string fix;
};

using CancelPlan = std::variant<AckMessage, Refusal>;

// The reason to send: the host's, else the settings' default; a refusal when it is not one of
// Amazon's CancelReason values.
std::variant<std::string, Refusal> resolve_reason(const CancellationSettings& settings,
                                                  const std::string& host_reason);

CancelPlan plan_cancellation(const CancellationSettings& settings,
                             const HostCancellation& cancellation, const CancelOrder& order);

} // namespace amzconn::cancellations
