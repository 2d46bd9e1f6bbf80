// The outbound queue of one order, in host state (store namespace, key "shipments/<order key>"):
// one entry per host shipment with the package planned for it and where it stands. The intent
// (state `sending`, the whole package) is written before the call, so after a crash or an
// unanswered call the next run knows exactly what may have reached Amazon and checks it there
// (getOrder's packages) before sending again.
#pragma once

#include "amzconn/host_services.hpp"
#include "shipments/package_plan.hpp"

#include <map>
#include <string>

namespace amzconn::plugin {

enum class QueueState { sending, sent, parked };
std::string_view to_string(QueueState state);

struct QueueEntry {
    QueueState state = QueueState::sending;
    std::string fingerprint;     // of the host shipment document it was planned from
    shipments::PackagePlan plan; // sending/sent: what goes (went) to Amazon
    std::string reason, fix;     // parked: why, and what to do
    std::string request_id;      // Amazon's, of the last answer
    int64_t attempts = 0;        // calls made for this package
    int64_t updated_ms = 0;
};

struct OrderQueue {
    std::string order_key;
    std::map<std::string, QueueEntry> entries; // by shipment key
    int64_t version = 0;                       // 0: not in host state yet

    // Units of each order item in packages other than `except` that are sent or being sent.
    shipments::CoveredQuantities covered(std::string_view except) const;
};

Result<OrderQueue> read_order_queue(HostServices& host, std::string_view store,
                                    std::string_view order_key);
// Compare-and-set on queue.version; updates it. conflict when another run wrote it meanwhile.
Outcome write_order_queue(HostServices& host, std::string_view store, OrderQueue& queue);

} // namespace amzconn::plugin
