// The stock engine's jobs (stock, handling time and prices), as the catalogue's rows run them.
#pragma once

#include "engine/engine_context.hpp"

#include <boost/json/object.hpp>
#include <string>
#include <vector>

namespace amzconn::plugin {

Result<JobReport> run_export_stock(EngineContext& context, const JobArgs& args);
Result<JobReport> run_explain_stock(EngineContext& context, const JobArgs& args);
Result<JobReport> run_export_prices(EngineContext& context, const JobArgs& args);
Result<JobReport> run_import_prices(EngineContext& context, const JobArgs& args);
// Follows submitted feeds, then pushes the stock_changed SKUs a dead flusher left behind.
Result<JobReport> run_poll_feeds(EngineContext& context, const JobArgs& args);

// A host stock_changed event on one store, debounced: the SKUs are recorded in host state; one
// caller per store pushes what accumulated over the window, the others answer "coalesced".
Result<boost::json::object> push_stock_changed(EngineContext& context,
                                               const std::vector<std::string>& skus);

} // namespace amzconn::plugin
