// set_product_settings: the per-product listing settings (sync on/off, lead time,
// SwitchFulfillmentTo) of many SKUs at once, written to the host product attributes the store's
// config names, which the stock export reads on its next push.
#pragma once

#include "engine/engine_context.hpp"

namespace amzconn::plugin {

Result<JobReport> run_set_product_settings(EngineContext& context, const JobArgs& args);

} // namespace amzconn::plugin
