// The plain data the shipment rules read: the host's shipment, the imported order as Amazon
// knows it (its order item ids come from the order import), and what earlier packages of the
// order already cover.
#pragma once

#include "base/time.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace amzconn::shipments {

struct ShipmentLine {
    std::string sku;
    int64_t quantity = 0;
};

// The host's `shipment` entity (sdk/docs/entities.md).
struct HostShipment {
    std::string key;   // order + "#" + tracking: the package's identity
    std::string order; // the sales order's idempotency key
    std::string carrier;
    std::string service;
    std::string tracking;
    time::Timestamp shipped_at;
    std::vector<ShipmentLine> lines; // empty: whatever of the order is still unshipped
};

// One Amazon order item, as the order import stored it on the host order.
struct OrderItemRef {
    std::string order_item_id;
    std::string sku;
    int64_t quantity = 0; // ordered, less the units Amazon cancelled
};

// The host order the shipment belongs to, as far as confirming it needs.
struct ShipmentOrder {
    std::string amazon_order_id;
    std::string marketplace_id;
    bool fulfilled_by_amazon = false;
    bool consolidated = false; // a day order of several Amazon orders
    std::vector<OrderItemRef> items;
    // The host order's metadata `ship_from_supply_source_id`, if any.
    std::optional<std::string> supply_source_id;
};

// Order item id -> units already in other packages of this order (sent or being sent).
using CoveredQuantities = std::map<std::string, int64_t>;

} // namespace amzconn::shipments
