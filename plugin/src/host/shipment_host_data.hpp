// The host's shipments and the host order they belong to, as the shipment rules' plain structs.
// The one place where `shipment` and `sales_order` JSON becomes shipment input.
#pragma once

#include "amzconn/host_services.hpp"
#include "shipments/shipment_input.hpp"

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

namespace amzconn::plugin {

// A shipment entity with its document's fingerprint (a changed document is planned again).
struct HostShipmentDoc {
    shipments::HostShipment shipment;
    std::string fingerprint;
};

// The shipment entity's key: order + "#" + tracking (sdk/docs/entities.md).
std::string shipment_key(std::string_view order, std::string_view tracking);

// A shipment document, or an error naming the field the plugin cannot use.
Result<HostShipmentDoc> parse_shipment(const boost::json::object& doc);

// Every shipment of the store (entity_query by store, paged), in key order. Documents the plugin
// cannot use are returned in `unreadable` with why.
struct StoreShipments {
    std::vector<HostShipmentDoc> shipments;
    std::vector<std::pair<std::string, std::string>> unreadable; // key, why
};
Result<StoreShipments> read_store_shipments(HostServices& host, std::string_view store,
                                            std::string_view order = {});

// The host order of a shipment (its idempotency key), nullopt when not imported yet.
Result<std::optional<shipments::ShipmentOrder>> read_shipment_order(HostServices& host,
                                                                    std::string_view order_key);

// The store alias in a sales order's idempotency key ("<alias>:<Amazon order id>").
std::string store_of_order_key(std::string_view order_key);

} // namespace amzconn::plugin
