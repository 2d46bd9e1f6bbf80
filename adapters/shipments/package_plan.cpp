#include "shipments/package_plan.hpp"

#include "shipments/carrier_codes.hpp"

#include <algorithm>

namespace amzconn::shipments {
namespace {

constexpr std::string_view k_fix_lines =
    "correct the shipment's lines in the host (SKUs and quantities of this order that are not "
    "shipped yet) and save it again: a changed shipment is sent at the next confirm_shipments";

int64_t covered_of(const CoveredQuantities& covered, const std::string& id) {
    const auto it = covered.find(id);
    return it == covered.end() ? 0 : it->second;
}

// The host's lines by SKU, in their first order, duplicates added up.
std::vector<ShipmentLine> merged_lines(const std::vector<ShipmentLine>& lines) {
    std::vector<ShipmentLine> merged;
    for (const auto& line : lines) {
        auto same = std::find_if(merged.begin(), merged.end(),
                                 [&](const ShipmentLine& m) { return m.sku == line.sku; });
        if (same == merged.end()) {
            merged.push_back(line);
        } else {
            same->quantity += line.quantity;
        }
    }
    return merged;
}

// Units of one SKU, taken from the order's items with that SKU in order, up to what is left
// unshipped of each. A refusal when the SKU is not on the order or too few units are left.
std::variant<std::vector<PackageItem>, Refusal>
take_sku(const ShipmentOrder& order, const CoveredQuantities& covered, const ShipmentLine& line) {
    std::vector<PackageItem> items;
    int64_t need = line.quantity;
    int64_t left_total = 0;
    bool on_order = false;
    for (const auto& item : order.items) {
        if (item.sku != line.sku) {
            continue;
        }
        on_order = true;
        const int64_t left =
            std::max<int64_t>(0, item.quantity - covered_of(covered, item.order_item_id));
        left_total += left;
        const int64_t take = std::min(left, need);
        if (take > 0) {
            items.push_back({item.order_item_id, take});
            need -= take;
        }
    }
    if (!on_order) {
        return Refusal{"SKU " + line.sku + " is not on Amazon order " + order.amazon_order_id,
                       std::string(k_fix_lines)};
    }
    if (need > 0) {
        return Refusal{"the shipment sends " + std::to_string(line.quantity) + " unit(s) of SKU " +
                           line.sku + " but only " + std::to_string(left_total) +
                           " are left unshipped on Amazon order " + order.amazon_order_id +
                           " after its other packages",
                       std::string(k_fix_lines)};
    }
    return items;
}

std::variant<std::vector<PackageItem>, Refusal> package_items(const HostShipment& shipment,
                                                              const ShipmentOrder& order,
                                                              const CoveredQuantities& covered) {
    std::vector<PackageItem> items;
    if (shipment.lines.empty()) {
        for (const auto& item : order.items) {
            const int64_t left = item.quantity - covered_of(covered, item.order_item_id);
            if (left > 0) {
                items.push_back({item.order_item_id, left});
            }
        }
        if (items.empty()) {
            return Refusal{"the shipment names no lines (the whole order) but earlier packages "
                           "already cover every unit of Amazon order " +
                               order.amazon_order_id,
                           "nothing to send if this is a duplicate; otherwise give the "
                           "shipment its lines (SKU and quantity) in the host"};
        }
        return items;
    }
    for (const auto& line : merged_lines(shipment.lines)) {
        auto taken = take_sku(order, covered, line);
        if (auto* refusal = std::get_if<Refusal>(&taken)) {
            return *refusal;
        }
        for (auto& item : std::get<std::vector<PackageItem>>(taken)) {
            items.push_back(std::move(item));
        }
    }
    return items;
}

// An order the rules never send a package for.
std::optional<Refusal> refuse_order(const ShipmentOrder& order) {
    if (order.fulfilled_by_amazon) {
        return Refusal{"Amazon order " + order.amazon_order_id +
                           " is fulfilled by Amazon (FBA): Amazon ships it and confirms it itself",
                       "nothing to send; remove the shipment in the host if it was recorded "
                       "by mistake"};
    }
    if (order.consolidated) {
        return Refusal{"the host order is a consolidated day order of several Amazon orders: a "
                       "package cannot be matched to one Amazon order",
                       "confirm these shipments in Seller Central, or import orders one per "
                       "Amazon order (orders.fbm.consolidation: per_order)"};
    }
    if (order.items.empty()) {
        return Refusal{"the Amazon items of order " + order.amazon_order_id +
                           " are unknown (the host order predates amzconn recording them, and "
                           "Amazon's order could not be read)",
                       "run confirm_shipments --arg retry_parked=true later; if it persists, "
                       "check the order in Seller Central"};
    }
    return std::nullopt;
}

} // namespace

std::string package_reference_id(std::string_view shipment_key) {
    // FNV-1a 64, folded to 15 digits (a JavaScript-safe integer) and kept positive.
    uint64_t hash = 1469598103934665603ULL;
    for (const char c : shipment_key) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return std::to_string(hash % 999999999999999ULL + 1);
}

ShipmentPlan plan_package(const ShipmentSettings& settings, const HostShipment& shipment,
                          const ShipmentOrder& order, const CoveredQuantities& covered) {
    if (auto refusal = refuse_order(order)) {
        return *refusal;
    }
    const auto carrier = choose_carrier(settings, shipment.carrier);
    if (!carrier) {
        return Refusal{"the shipment names no carrier and shipping.default_carrier is Other "
                       "without a name",
                       "give the shipment its carrier in the host, or set "
                       "shipping.default_method (the carrier name sent with Other) or "
                       "shipping.default_carrier"};
    }
    auto items = package_items(shipment, order, covered);
    if (auto* refusal = std::get_if<Refusal>(&items)) {
        return *refusal;
    }
    PackagePlan plan;
    plan.amazon_order_id = order.amazon_order_id;
    plan.marketplace_id = order.marketplace_id;
    plan.package_reference_id = package_reference_id(shipment.key);
    plan.carrier_code = carrier->code;
    plan.carrier_name = carrier->name;
    plan.shipping_method =
        !shipment.service.empty() ? shipment.service : settings.default_service.value_or("");
    plan.tracking_number = shipment.tracking;
    plan.ship_date = shipment.shipped_at;
    plan.supply_source_id = order.supply_source_id.value_or(settings.supply_source_id.value_or(""));
    plan.items = std::move(std::get<std::vector<PackageItem>>(items));
    return plan;
}

} // namespace amzconn::shipments
