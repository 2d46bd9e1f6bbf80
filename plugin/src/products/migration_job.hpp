// migrate_identification: re-keys the store between Seller SKU and ASIN identification. The dry
// run (the default) lists every binding that would change and every conflict; with apply=true
// (and products.identification_migration: true in the config) the products get the new key, so
// switching products.identification afterwards creates no duplicate.
#pragma once

#include "engine/engine_context.hpp"

namespace amzconn::plugin {

// Arguments: "to" (asin | seller_sku; default the identity the store does not use today) and
// "apply" (true | false, default false).
Result<JobReport> run_migrate_identification(EngineContext& context, const JobArgs& args);

} // namespace amzconn::plugin
