// The shipment engine of one store: sends every host shipment that is not yet confirmed to
// Amazon (Orders v0 confirmShipment, one call per package), through the per-order outbound
// queue in host state (shipment_queue.hpp), exactly once: the intent is written before the call;
// a package whose call crashed or went unanswered is looked up in the order's packages at Amazon
// (getOrder) before it is sent again, and a resend carries the same packageReferenceId, so it can
// only edit, never duplicate. Amazon's refusals and the rules' refusals are parked with the reason
// and the fix; throttling and server errors end the run with retry_later (the queue keeps the
// rest).
#pragma once

#include "engine/engine_context.hpp"
#include "engine/store_lease.hpp"
#include "host/shipment_host_data.hpp"
#include "shipments/settings.hpp"
#include "shipments/shipment_queue.hpp"
#include "spapi/api_error.hpp"

#include <boost/json/array.hpp>
#include <optional>
#include <string>

namespace amzconn::plugin {

// Short, renewed after every order (engine/store_lease.hpp).
inline constexpr int64_t k_shipment_lease_ms = k_job_lease_ms;

struct ShipmentCounts {
    int64_t sent = 0;              // confirmed by Amazon in this run
    int64_t already_at_amazon = 0; // found in the order's packages after an unanswered call
    int64_t confirmed = 0;         // confirmed in an earlier run: nothing to do
    int64_t waiting = 0;           // their order is not imported yet
    int64_t parked = 0;            // newly parked in this run
    int64_t still_parked = 0;      // parked earlier, unchanged in the host since
    int64_t pending = 0;           // left in the queue for the next run (unanswered, throttled)
    int64_t unreadable = 0;        // shipment documents the plugin cannot use
};

class ShipmentConfirm {
  public:
    explicit ShipmentConfirm(EngineContext& context);

    // confirm_shipments: args "order" (one order's key) and "retry_parked" ("true": parked
    // shipments are planned and sent again even if unchanged).
    Result<JobReport> run(const JobArgs& args);

  private:
    enum class Found { present, absent, unknown };

    Outcome send_order(const std::string& order_key, std::vector<const HostShipmentDoc*>& docs);
    Outcome send_shipment(OrderQueue& queue, const HostShipmentDoc& doc,
                          const std::optional<shipments::ShipmentOrder>& order);
    Outcome plan_and_send(OrderQueue& queue, const HostShipmentDoc& doc,
                          const shipments::ShipmentOrder& order);
    // Sends the queue's `sending` entry `key` (its intent is in host state already).
    Outcome send_package(OrderQueue& queue, const std::string& key);
    // A `sending` entry from an earlier run: confirmed at Amazon already, or sent again.
    Outcome resume(OrderQueue& queue, const std::string& key);
    Outcome mark_sent(OrderQueue& queue, const std::string& key, std::string request_id);
    Outcome park(OrderQueue& queue, const std::string& key, std::string fingerprint,
                 std::string reason, std::string fix);
    // Lists a parked shipment in the report.
    void note_parked(const std::string& key, const QueueEntry& entry);
    // Amazon's refusal of a package (definite: nothing was applied).
    Outcome park_refused(OrderQueue& queue, const std::string& key, const spapi::ApiError& e);
    // Fills the order's Amazon items from getOrder when the host order lacks them.
    void add_amazon_items(shipments::ShipmentOrder& order);
    // Whether the package is among the order's packages at Amazon.
    Found at_amazon(const shipments::PackagePlan& plan);
    Outcome write(OrderQueue& queue);
    JobReport report(std::vector<std::string> messages);

    EngineContext& m_context;
    HostServices& m_host;
    const config::StoreConfig& m_store;
    shipments::ShipmentSettings m_settings;
    bool m_retry_parked = false;
    ShipmentCounts m_counts;
    std::optional<spapi::ApiError> m_stopped; // a throttle or server error ended the run
    boost::json::array m_parked;              // the report's "parked": shipment, reason, fix
    int64_t m_started_ms = 0;
};

} // namespace amzconn::plugin
