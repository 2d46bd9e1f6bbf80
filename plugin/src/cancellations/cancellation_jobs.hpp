// The cancellation engine's job and host event, as the catalogue's row and the connector run them.
#pragma once

#include "engine/engine_context.hpp"

#include <boost/json/object.hpp>

namespace amzconn::plugin {

Result<JobReport> run_send_cancellations(EngineContext& context, const JobArgs& args);

// The key a cancellation document is recorded under (host/cancellation_host_data.hpp).
std::string recorded_cancellation_key(const boost::json::object& cancellation);

// A host order_cancelled event on its open store: the cancellation entity is written (the durable
// record), then planned and queued at once (or refused with why and what to do); it goes to Amazon
// with the next feed, once cancellations.batch_delay has passed. `cancellation` is the document
// built from the event.
Result<boost::json::object> push_order_cancelled(EngineContext& context,
                                                 const boost::json::object& cancellation);

} // namespace amzconn::plugin
