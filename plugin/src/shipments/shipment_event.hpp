// A host order_shipped event (sdk/docs/host-guide.md) as the shipment document it records:
// {order, store, reference, shipped_at, carrier?, service?, tracking, lines?}. The order is the
// sales order's idempotency key, or its Amazon order id when one host order (or one store) has it.
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/host_services.hpp"

#include <boost/json/object.hpp>

namespace amzconn::plugin {

Result<boost::json::object> shipment_from_event(HostServices& host, const config::Config& config,
                                                const boost::json::object& event);

} // namespace amzconn::plugin
