#include "shipments/shipment_jobs.hpp"

#include "host/host_json.hpp"
#include "host/shipment_host_data.hpp"
#include "shipments/shipment_confirm.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

Result<JobReport> run_confirm_shipments(EngineContext& context, const JobArgs& args) {
    if (!context.store.shipping.enabled) {
        // Not `ok`: nothing was sent, and a host must be able to tell.
        JobReport report = context.start_report(job_names::confirm_shipments);
        report.status = "not_applicable";
        report.messages = {std::string(k_shipping_off)};
        return context.finish(std::move(report));
    }
    return ShipmentConfirm(context).run(args);
}

Result<json::object> push_order_shipped(EngineContext& context, const json::object& shipment) {
    const auto order = text_field(shipment, "order");
    const auto key = shipment_key(order, text_field(shipment, "tracking"));
    TRY(context.host.entity_upsert("shipment", key, json::serialize(shipment)));
    json::object out{{"store", context.store.alias}, {"shipment", key}};
    auto sent = ShipmentConfirm(context).run({{"order", order}});
    if (!sent) {
        if (sent.status() != Status::conflict) {
            return sent.error();
        }
        // Another confirm_shipments holds the store's lease: it (or the next run) sends it.
        out["status"] = "queued";
        out["message"] = sent.error().message;
        return out;
    }
    auto report = sent->to_json();
    out["status"] = report.at("status");
    out["counts"] = report.at("counts");
    out["messages"] = report.at("messages");
    if (const auto* parked = report.if_contains("parked")) {
        out["parked"] = *parked;
    }
    return out;
}

} // namespace amzconn::plugin
