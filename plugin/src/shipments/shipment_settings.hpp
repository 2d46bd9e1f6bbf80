// The shipment rules' settings from a store's typed config (`shipping.*`).
#pragma once

#include "amzconn/config/types.hpp"
#include "shipments/settings.hpp"

namespace amzconn::plugin {

shipments::ShipmentSettings shipment_settings(const config::StoreConfig& store);

} // namespace amzconn::plugin
