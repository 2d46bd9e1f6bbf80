// The stock engine's jobs (stock, handling time and prices), as the catalogue's rows run them.
#pragma once

#include "amzconn/config/types.hpp"
#include "engine/engine_context.hpp"

#include <boost/json/object.hpp>
#include <string>
#include <vector>

namespace amzconn::plugin {

// How often poll_feeds is offered to the host's scheduler: values a stock_changed push deferred
// behind a feed Amazon is still processing go out at most this long after Amazon finishes it
// (getFeed allows 2 calls per second; the full getFeeds settle keeps its own 45 s pace).
inline constexpr int k_poll_feeds_interval_s = 30;

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

// install's stock check against the host: a stock.warehouses code the host lacks refuses the
// config (bad_input naming the store, the unknown codes and the codes that exist). Problems the
// export also stops on while the host is not set up yet (no warehouse at all, no merchant
// warehouse), and a host whose warehouses cannot be read, are returned as warnings.
Result<std::vector<std::string>> check_stock_against_host(HostServices& host,
                                                          const config::Config& config);

} // namespace amzconn::plugin
