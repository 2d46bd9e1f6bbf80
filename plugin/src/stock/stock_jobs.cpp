#include "stock/stock_jobs.hpp"

#include "engine/job_names.hpp"
#include "host/stock_host_data.hpp"
#include "stock/price_import.hpp"
#include "stock/stock_debounce.hpp"
#include "stock/stock_export.hpp"

namespace amzconn::plugin {

Result<JobReport> run_export_stock(EngineContext& context, const JobArgs& args) {
    return StockExport(context).export_stock(args);
}

Result<JobReport> run_explain_stock(EngineContext& context, const JobArgs& args) {
    return StockExport(context).explain_stock(args);
}

Result<JobReport> run_export_prices(EngineContext& context, const JobArgs& args) {
    return StockExport(context).export_prices(args);
}

Result<JobReport> run_import_prices(EngineContext& context, const JobArgs& /*args*/) {
    return PriceImport(context).run();
}

Result<JobReport> run_poll_feeds(EngineContext& context, const JobArgs& /*args*/) {
    StockExport exporter(context);
    TRY_ASSIGN(auto report, exporter.poll_feeds());
    if (!context.store.stock.enabled) {
        return report;
    }
    // stock_changed SKUs a dead flusher left behind go now, not only at the next event.
    StockDebounce debounce(context.host, context.store.alias);
    auto left = debounce.flush_left_over(
        [&](const std::vector<std::string>& skus) { return exporter.on_stock_changed(skus); });
    if (!left) {
        context.host.log(LogLevel::error, context.store.alias, "",
                         report.job +
                             ": the stock changes waiting since an interrupted push were not "
                             "sent: " +
                             left.error().message + "; the next stock_changed event sends them");
        return report;
    }
    if (*left) {
        report.extra["left_over_push"] = std::move(**left);
    }
    return report;
}

Result<boost::json::object> push_stock_changed(EngineContext& context,
                                               const std::vector<std::string>& skus) {
    StockExport exporter(context);
    StockDebounce debounce(context.host, context.store.alias);
    return debounce.on_event(skus, [&](const std::vector<std::string>& batch) {
        return exporter.on_stock_changed(batch);
    });
}

Result<std::vector<std::string>> check_stock_against_host(HostServices& host,
                                                          const config::Config& config) {
    std::vector<std::string> warnings;
    std::optional<std::vector<stock::HostWarehouse>> warehouses;
    for (const auto& store : config.stores) {
        if (store.retired || !store.stock.enabled) {
            continue;
        }
        if (!warehouses) {
            auto read = read_warehouses(host);
            if (!read) {
                warnings.push_back("stock.warehouses were not checked: the host's warehouses "
                                   "could not be read (" +
                                   read.error().message + "); " +
                                   std::string(job_names::export_stock) +
                                   " checks them before sending anything");
                return warnings;
            }
            warehouses = std::move(*read);
        }
        auto problem = stock::check_warehouses(store.stock.warehouses, *warehouses);
        if (!problem) {
            continue;
        }
        // A host without warehouses yet (master data not loaded) is warned about: the export
        // stops until they exist.
        if (store.stock.warehouses.empty() || warehouses->empty()) {
            warnings.push_back("store " + store.alias + ": " + *problem);
            continue;
        }
        return Error{Status::bad_input, "store " + store.alias + ": " + *problem};
    }
    return warnings;
}

} // namespace amzconn::plugin
