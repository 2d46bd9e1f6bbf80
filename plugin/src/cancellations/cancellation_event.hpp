// A host order_cancelled event (sdk/docs/host-guide.md) as the cancellation document it records:
// {order, store, reference, cancelled_at, reason, lines?}. The reason is the event's, else the
// store's cancellations.default_reason; one outside Amazon's CancelReason list is refused at once,
// with the list, and nothing is recorded.
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/host_services.hpp"

#include <boost/json/object.hpp>

namespace amzconn::plugin {

Result<boost::json::object> cancellation_from_event(HostServices& host,
                                                    const config::Config& config,
                                                    const boost::json::object& event);

} // namespace amzconn::plugin
