// One host shipment -> one confirmShipment package (Orders v0), or a refusal that says why and what
// to do. Lines are matched to the order's Amazon items by SKU and quantity (a whole-order
// shipment takes whatever earlier packages left), so a partial shipment or several packages per
// order confirm exactly the units the host shipped.
#pragma once

#include "shipments/settings.hpp"
#include "shipments/shipment_input.hpp"

#include <string>
#include <variant>
#include <vector>

namespace amzconn::shipments {

struct PackageItem {
    std::string order_item_id;
    int64_t quantity = 0;
};

// What one confirmShipment call sends.
struct PackagePlan {
    std::string amazon_order_id;
    std::string marketplace_id;
    std::string package_reference_id;
    std::string carrier_code;
    std::string carrier_name; // with Other only
    std::string shipping_method;
    std::string tracking_number;
    time::Timestamp ship_date;
    std::string supply_source_id;
    std::vector<PackageItem> items;
};

// A shipment Amazon would refuse, or that must not be sent: parked, never retried as is.
struct Refusal {
    std::string reason;
    std::string fix;
};

using ShipmentPlan = std::variant<PackagePlan, Refusal>;

// The package reference of a host shipment: a positive numeric string derived from its key, the
// same on every run, so a resend edits the package at Amazon instead of adding a second one.
std::string package_reference_id(std::string_view shipment_key);

ShipmentPlan plan_package(const ShipmentSettings& settings, const HostShipment& shipment,
                          const ShipmentOrder& order, const CoveredQuantities& covered);

} // namespace amzconn::shipments
