#include "products/product_jobs.hpp"

#include "products/product_import.hpp"

namespace amzconn::plugin {

Result<JobReport> run_import_products(EngineContext& context, const JobArgs& /*args*/) {
    return ProductImport(context).run();
}

} // namespace amzconn::plugin
