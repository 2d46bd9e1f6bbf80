// The shipment engine's job and host event, as the catalogue's row and the connector run them.
#pragma once

#include "engine/engine_context.hpp"

#include <boost/json/object.hpp>
#include <string_view>

namespace amzconn::plugin {

// Why nothing is sent while shipping.enabled is false (the job's report and the event's answer).
inline constexpr std::string_view k_shipping_off =
    "shipping.enabled is false: shipments stay in the host and nothing is sent to Amazon (another "
    "system confirms them); set it to true and install the config to send them";

Result<JobReport> run_confirm_shipments(EngineContext& context, const JobArgs& args);

// A host order_shipped event on its store: the shipment entity is written (the durable record;
// confirm_shipments sends it if this call cannot), then the order's queue is sent now. `shipment`
// is the shipment document built from the event.
Result<boost::json::object> push_order_shipped(EngineContext& context,
                                               const boost::json::object& shipment);

} // namespace amzconn::plugin
