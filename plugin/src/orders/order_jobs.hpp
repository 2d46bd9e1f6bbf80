// The order engine's jobs, as the catalogue's rows run them.
#pragma once

#include "engine/engine_context.hpp"

namespace amzconn::plugin {

Result<JobReport> run_import_orders(EngineContext& context, const JobArgs& args);
Result<JobReport> run_import_missing_orders(EngineContext& context, const JobArgs& args);
Result<JobReport> run_retry_failed_orders(EngineContext& context, const JobArgs& args);
Result<JobReport> run_reconcile_orders(EngineContext& context, const JobArgs& args);

} // namespace amzconn::plugin
