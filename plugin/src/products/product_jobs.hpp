// The product engine's jobs, as the catalogue's rows run them.
#pragma once

#include "engine/engine_context.hpp"

namespace amzconn::plugin {

Result<JobReport> run_import_products(EngineContext& context, const JobArgs& args);

} // namespace amzconn::plugin
