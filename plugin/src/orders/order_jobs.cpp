#include "orders/order_jobs.hpp"

#include "orders/order_import.hpp"
#include "orders/order_reconcile.hpp"

namespace amzconn::plugin {

Result<JobReport> run_import_orders(EngineContext& context, const JobArgs& /*args*/) {
    return OrderImport(context).import_orders();
}

Result<JobReport> run_import_missing_orders(EngineContext& context, const JobArgs& args) {
    return OrderImport(context).import_missing(args);
}

Result<JobReport> run_retry_failed_orders(EngineContext& context, const JobArgs& /*args*/) {
    return OrderImport(context).retry_failed();
}

Result<JobReport> run_reconcile_orders(EngineContext& context, const JobArgs& args) {
    OrderImport import(context);
    return OrderReconcile(context, import).run(args);
}

} // namespace amzconn::plugin
