// The stock formula: from the host's stock levels, BOMs and listings to the absolute quantity and
// handling time each merchant-fulfilled listing should show on Amazon.
//
// Per product X, over the mapped FBM warehouses only:
//   free(X)      = Σ max(0, on_hand − allocated)                      (a negative warehouse is 0)
// Assemblies count what can be built only with include_assemblies and when they can
// auto-assemble (auto_assemble_attribute; every assembly when it is unset). Two modes:
//
// can_assemble (Unleashed's rule, the default):
//   buildable(X) = min over BOM lines c of floor(free(c) / qty(c))
//   own share(X) = free(X) + buildable(X); a component's units are not reduced by the assemblies
//   that use them (both listings show them; selling one lowers the other at the next push).
//
// share_split (every unit promised once):
//   buildable(X) = min over BOM lines c of floor(share(c → X) / qty(c))
//   supply(X)    = free(X) + buildable(X)
// supply(X) is divided (split_supply) among the SKUs that draw on it: X's own listings (weight 1)
// first, then each assembly P that uses X (weight qty(X in P)), in rounds. An assembly's claim is
// capped by the most it could build from its other components (upper bounds over the whole BOM
// tree); units an assembly was granted but cannot use (another component limits it) go back to
// the component's own share. Components are processed before the assemblies that use them. The
// sum over all SKUs of the component units needed to fill every quantity shown never exceeds the
// units that exist.
//
// Both modes: free(X) + buildable(X) = own share(X) + used by assemblies(X) + unassigned(X), where
// used by assemblies is 0 in can_assemble mode, and
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
    int64_t share = 0;    // component units this assembly draws on (its free, or its split share)
    int64_t builds = 0;   // floor(share / per_unit)
    bool known = true;    // false: no such product in the host (builds nothing)
};

struct ConsumerShare {
    std::string consumer; // assembly product code; empty for the product's own listings
    int64_t per_unit = 1;
    int64_t units = 0; // share_split: units the assembly uses; can_assemble: units it counts too
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
    int64_t reserved_for_assemblies = 0; // share_split: units the assemblies use (0 otherwise)
    int64_t unassigned = 0; // no listing of the product claims them, or a remainder too small
    // can_assemble: the same units also counted by these assemblies (not subtracted)
    std::vector<ConsumerShare> counted_in;
    std::optional<Error> error;
};

enum class ListingAction : uint8_t {
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
    std::string channel_code;        // the fulfillment_channel_code to send
    std::optional<int64_t> quantity; // only for send_quantity
    int lead_time_days = k_default_lead_time_days;
    bool lead_time_from_attribute = false;
    // Next to the two above so that they share one word: 100,000 results per export.
    ListingAction action = ListingAction::error;
    int64_t own_share = 0;      // the product's own share of its supply
    int64_t buffer_applied = 0; // min(buffer, own_share)
    int64_t cap_cut = 0;        // units above the maximum
    std::string reason;         // for skipped / unknown_sku / error
};

// What compute_stock returns besides the listings: the quantities alone (what the export sends),
// or also every product's breakdown into terms (what explain_stock shows). The quantities are the
// same either way.
enum class Detail { quantities, breakdown };

struct StockComputation {
    std::vector<ListingResult> listings; // in input order
    // Detail::breakdown only (empty otherwise): the products that took part, and which product
    // each host Seller SKU belongs to.
    std::unordered_map<std::string, ProductBreakdown> products;
    std::unordered_map<std::string, std::string> sku_to_product;
    StockSettings settings;
    Detail detail = Detail::breakdown;
};

// Fails only for invalid settings (negative buffer or maximum, bad default lead time);
// per-SKU problems are reported on that SKU's listings.
Result<StockComputation> compute_stock(const StockInput& input, Detail detail = Detail::breakdown);

} // namespace amzconn::stock
