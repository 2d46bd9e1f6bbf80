// The one entry point of the order-import rules: an Amazon order, the store config and what
// the host holds in, a decision (import, update, skip, wait or park) out. Pure: no I/O, no clock.
#pragma once

#include "orders/host_view.hpp"
#include "orders/map_result.hpp"
#include "orders/settings.hpp"
#include "spapi/order_types.hpp"

#include <string>

namespace amzconn::orders {

// "<alias>:<amazon order id>": the key the host's create is idempotent on.
std::string idempotency_key(const OrderSettings& store, const spapi::orders::Order& order);

MapResult map_order(const spapi::orders::Order& order, const OrderSettings& store,
                    const HostView& host);

// The failed_order entity document for a parked order. `first_seen` comes from the host's clock.
std::string failed_order_json(const OrderSettings& store, std::string_view amazon_order_id,
                              const ParkPlan& park, time::Timestamp first_seen, int64_t attempts,
                              std::string_view request_id = {});

} // namespace amzconn::orders
