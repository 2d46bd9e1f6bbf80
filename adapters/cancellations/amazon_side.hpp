// What Amazon says of an order's cancellations (Orders 2026-01-01 `orderItems[].cancellation` and
// the items' quantities): units cancelled at Amazon per item (by the buyer, Amazon or the seller
// elsewhere) and a buyer's cancellation request still waiting for the seller. The order import
// mirrors both into the host order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace amzconn::cancellations {

struct AmazonItem {
    std::string order_item_id;
    std::string sku;
    int64_t ordered = 0;
    std::optional<int64_t> fulfilled, unfulfilled;          // absent: Amazon did not say
    std::optional<std::string> requester, request_reason;   // cancellationRequest
    std::optional<std::string> cancelled_by, cancel_reason; // cancellationExecution
};

struct CancelledItem {
    std::string order_item_id;
    std::string sku;
    int64_t units = 0;
    std::string by;     // BUYER | MERCHANT | AMAZON, or empty
    std::string reason; // Amazon's, or empty
};

struct BuyerRequest {
    std::string reason;
    std::vector<CancelledItem> items; // the items asked for, with their open units
    bool whole_order = false;         // every item with open units is asked for
};

struct AmazonSide {
    std::vector<CancelledItem> cancelled;
    std::optional<BuyerRequest> request;
    bool empty() const { return cancelled.empty() && !request; }
};

AmazonSide read_amazon_side(const std::vector<AmazonItem>& items);

// "2 of MUG-BLUE (BUYER, NoInventory); 1 of MUG-RED" for metadata and log lines.
std::string describe(const std::vector<CancelledItem>& items);

} // namespace amzconn::cancellations
