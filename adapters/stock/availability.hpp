// The stock formula: from the host's stock levels, BOMs and listings to the absolute quantity and
// handling time each merchant-fulfilled listing should show on Amazon, never promising a unit
// twice.
//
// Per product X, over the mapped FBM warehouses only:
//   free(X)      = Σ max(0, on_hand − allocated)                      (a negative warehouse is 0)
//   buildable(X) = min over BOM lines c of floor(share(c → X) / qty(c))  (assemblies, when enabled)
//   supply(X)    = free(X) + buildable(X)
// supply(X) is then divided (split_supply) among the SKUs that draw on it: X's own listings
// (weight 1) first, then each assembly P that uses X (weight qty(X in P)), in rounds, so that
// every unit is given to at most one claimant. An assembly's claim is capped by the most it could
// build from its other components (upper bounds over the whole BOM tree), so that units are not
// parked where they cannot be used. Components are processed before the assemblies that use them
// (multi-level BOMs). Because each unit lands in exactly one share, the sum over all SKUs of the
// component units needed to fill every quantity shown never exceeds the units that exist.
//   quantity(X)  = min(maximum, max(0, own share(X) − buffer))
// Only products with at least one merchant listing that needs a quantity claim stock; skipped,
// sync-disabled and FBA-only products claim nothing.
#pragma once

#include "amzconn/result.hpp"
#include "stock/stock_input.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace amzconn::stock {

struct WarehouseTerm {
    std::string warehouse;
    int64_t on_hand = 0;
    int64_t allocated = 0;
    int64_t free = 0;     // max(0, on_hand − allocated)
    bool counted = false; // a mapped FBM warehouse; unmapped ones are listed but add nothing
};

struct ComponentTerm {
    std::string component;
    int64_t per_unit = 0; // units of the component in one assembly
    int64_t share = 0;    // component units reserved for this assembly
    int64_t builds = 0;   // floor(share / per_unit)
    bool known = true;    // false: no such product in the host (builds nothing)
};

struct ConsumerShare {
    std::string consumer; // assembly product code; empty for the product's own listings
    int64_t per_unit = 1;
    int64_t units = 0;
};

struct ProductBreakdown {
    std::string code;
    std::vector<WarehouseTerm> warehouses;
    int64_t free = 0;
    std::vector<ComponentTerm> components;
    int64_t buildable = 0;
    int64_t supply = 0;
    std::vector<ConsumerShare> shares; // own listings first, then assemblies by code
    int64_t own_share = 0;
    int64_t reserved_for_assemblies = 0;
    int64_t unassigned = 0; // remainder too small for any claim
    std::optional<Error> error;
};

enum class ListingAction {
    send_quantity,       // merchant listing: send quantity + handling time on channel DEFAULT
    switch_to_afn,       // SwitchFulfillmentTo=AFN: send the AMAZON_* channel, no quantity
    fulfilled_by_amazon, // FBA listing: nothing about quantity is sent
    skipped,             // skip attribute or sync disabled
    unknown_sku,         // no host product has this SKU: left alone
    error,               // unreadable attribute, BOM cycle, ...: nothing sent, reason says why
};

std::string_view to_string(ListingAction action);

struct ListingResult {
    std::string sku;
    std::string marketplace_id;
    std::string product_code;
    ListingAction action = ListingAction::error;
    std::string channel_code;        // the fulfillment_channel_code to send
    std::optional<int64_t> quantity; // only for send_quantity
    int lead_time_days = k_default_lead_time_days;
    bool lead_time_from_attribute = false;
    int64_t own_share = 0;      // the product's own share of its supply
    int64_t buffer_applied = 0; // min(buffer, own_share)
    int64_t cap_cut = 0;        // units above the maximum
    std::string reason;         // for skipped / unknown_sku / error
};

struct StockComputation {
    std::vector<ListingResult> listings;                        // in input order
    std::unordered_map<std::string, ProductBreakdown> products; // products that took part
    std::unordered_map<std::string, std::string> sku_to_product;
    StockSettings settings;
};

// Fails only for invalid settings (negative buffer or maximum, bad default lead time);
// per-SKU problems are reported on that SKU's listings.
Result<StockComputation> compute_stock(const StockInput& input);

} // namespace amzconn::stock
