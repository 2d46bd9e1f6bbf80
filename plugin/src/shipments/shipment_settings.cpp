#include "shipments/shipment_settings.hpp"

namespace amzconn::plugin {

shipments::ShipmentSettings shipment_settings(const config::StoreConfig& store) {
    shipments::ShipmentSettings out;
    const auto& shipping = store.shipping;
    if (!shipping.default_carrier.empty()) {
        out.default_carrier = shipping.default_carrier;
    }
    out.default_method = shipping.default_method;
    out.default_service = shipping.default_service;
    out.carriers = shipping.carriers;
    out.supply_source_id = shipping.supply_source_id;
    return out;
}

} // namespace amzconn::plugin
