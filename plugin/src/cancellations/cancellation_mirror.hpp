// Amazon-side cancellations mirrored into the host on order import: units Amazon cancelled (the
// buyer, Amazon, or the seller elsewhere) and a buyer's open cancellation request are written to
// the host order's metadata (amazon_cancelled_items, amazon_cancellation_request) with an INFO
// line naming the order and reason; with cancellations.accept_buyer_requests a request is answered
// by recording a cancellation with BuyerCanceled, which send_cancellations sends. A whole order
// Amazon cancelled is cancelled in the host by the import itself (its status).
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/host_services.hpp"
#include "spapi/order_types.hpp"

#include <string>

namespace amzconn::plugin {

// For an order the host holds under `order_key` (just imported, updated, or unchanged). Writes
// nothing when Amazon says nothing new of its cancellations.
Outcome mirror_amazon_cancellations(HostServices& host, const config::StoreConfig& store,
                                    const spapi::orders::Order& order,
                                    const std::string& order_key);

} // namespace amzconn::plugin
