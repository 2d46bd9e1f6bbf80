// The host's cancellations and the state of the host order they cancel, as the cancellation
// rules' plain structs. The one place where `cancellation` JSON becomes cancellation input.
#pragma once

#include "amzconn/host_services.hpp"
#include "cancellations/cancel_input.hpp"

#include <boost/json/object.hpp>
#include <string>
#include <vector>

namespace amzconn::plugin {

// A cancellation entity with its document's fingerprint (a changed document is planned again).
struct HostCancellationDoc {
    cancellations::HostCancellation cancellation;
    std::string fingerprint;
    int64_t cancelled_ms = 0; // its cancelled_at; 0 when absent or unreadable
};

// The cancellation entity's key: the order's key for a whole order, else the order's key + "#" +
// its lines as SKU:QTY joined by "," in SKU order (the same event gives the same key).
std::string cancellation_key(std::string_view order,
                             const std::vector<cancellations::CancelLine>& lines);

// A cancellation document, or an error naming the field the plugin cannot use.
Result<HostCancellationDoc> parse_cancellation(const boost::json::object& doc);

struct StoreCancellations {
    std::vector<HostCancellationDoc> cancellations;
    std::vector<std::pair<std::string, std::string>> unreadable; // key, why
};
// Every cancellation of the store (entity_query by store, paged).
Result<StoreCancellations> read_store_cancellations(HostServices& host, std::string_view store);

// The host order's status ("shipped", "cancelled", ...), empty when it is not imported.
Result<std::string> read_order_status(HostServices& host, std::string_view order_key);

} // namespace amzconn::plugin
