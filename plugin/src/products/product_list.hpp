// list_products: the product list admins see, per store and marketplace: each Amazon listing with
// its ASIN, title, channel, the host product it is bound to, its listing settings (sync, lead time,
// SwitchFulfillmentTo) and the last quantity, handling time and price sent with Amazon's answer.
#pragma once

#include "engine/engine_context.hpp"

namespace amzconn::plugin {

// Argument "search": only listings whose SKU, ASIN, title or product code contains it (any case).
Result<JobReport> run_list_products(EngineContext& context, const JobArgs& args);

} // namespace amzconn::plugin
