#include "cancellations/cancellation_jobs.hpp"

#include "cancellations/cancellation_send.hpp"
#include "engine/job_names.hpp"
#include "host/cancellation_host_data.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

Result<JobReport> run_send_cancellations(EngineContext& context, const JobArgs& args) {
    return CancellationSend(context).run(args);
}

std::string recorded_cancellation_key(const json::object& cancellation) {
    auto parsed = parse_cancellation(cancellation);
    return parsed ? parsed->cancellation.key : std::string();
}

Result<json::object> push_order_cancelled(EngineContext& context,
                                          const json::object& cancellation) {
    const auto key = recorded_cancellation_key(cancellation);
    TRY(context.host.entity_upsert("cancellation", key, json::serialize(cancellation)));
    json::object out{{"store", context.store.alias}, {"cancellation", key}};
    CancellationSend send(context);
    auto ran = send.run({});
    if (!ran) {
        if (ran.status() != Status::conflict) {
            return ran.error();
        }
        // Another send_cancellations holds the store's lease: it (or the next run) plans it.
        out["status"] = "queued";
        out["message"] = ran.error().message;
        return out;
    }
    const auto* entry = send.entry(key);
    if (entry == nullptr) {
        out["status"] = "queued";
        out["message"] = "recorded; its order is not imported yet, so " +
                         std::string(job_names::send_cancellations) + " plans it after the next " +
                         std::string(job_names::import_orders);
    } else if (entry->state == CancelState::refused) {
        out["status"] = "refused";
        out["message"] = entry->reason + ". Fix: " + entry->fix;
    } else {
        out["status"] = to_string(entry->state);
        out["message"] = entry->state == CancelState::queued && entry->feed_id.empty()
                             ? "queued: it goes to Amazon in one feed with the others once "
                               "cancellations.batch_delay has passed (" +
                                   std::string(job_names::send_cancellations) + ")"
                             : "sent to Amazon before";
    }
    auto report = ran->to_json();
    out["counts"] = report.at("counts");
    out["messages"] = report.at("messages");
    return out;
}

} // namespace amzconn::plugin
