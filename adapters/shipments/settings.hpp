// The shipment rules' view of a store's `shipping` config (plugin/src/shipments maps it), so the
// rules are tested without a config file.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace amzconn::shipments {

struct ShipmentSettings {
    // Amazon carrier code for a host carrier that is neither mapped nor an Amazon code.
    std::string default_carrier = "Other";
    // The carrier name sent with `Other` when the host shipment names no carrier.
    std::optional<std::string> default_method;
    // The shippingMethod sent when the host shipment names no service.
    std::optional<std::string> default_service;
    // Host carrier name -> Amazon carrier code (looked up exactly, then ignoring case).
    std::map<std::string, std::string> carriers;
    // shipFromSupplySourceId for every package (a host order's metadata may override it).
    std::optional<std::string> supply_source_id;
};

} // namespace amzconn::shipments
