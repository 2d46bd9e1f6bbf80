// The plain data the cancellation rules read: the host's cancellation and the imported order as
// Amazon knows it (its order item ids come from the order import) with what is shipped or
// cancelled of each item already.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace amzconn::cancellations {

struct CancelLine {
    std::string sku;
    int64_t quantity = 0;
};

// The host's `cancellation` entity (sdk/docs/entities.md).
struct HostCancellation {
    std::string key;    // the entity's key: the order's key, or order + "#" + a line digest
    std::string order;  // the sales order's idempotency key
    std::string reason; // empty: the store's default reason
    std::vector<CancelLine> lines; // empty: the whole order (what is not shipped of it)
};

// One Amazon order item with where its units stand.
struct CancelItem {
    std::string order_item_id;
    std::string sku;
    int64_t ordered = 0;
    int64_t shipped = 0;   // confirmed to Amazon (by the host's shipments)
    int64_t cancelled = 0; // cancelled at Amazon or by an earlier cancellation of the host
    int64_t open() const { return ordered - shipped - cancelled; }
};

// The host order the cancellation belongs to, as far as cancelling it needs.
struct CancelOrder {
    std::string amazon_order_id;
    bool fulfilled_by_amazon = false;
    bool consolidated = false; // a day order of several Amazon orders
    bool shipped = false;      // the host order's status says shipped or completed
    std::vector<CancelItem> items;
};

} // namespace amzconn::cancellations
