// Plain input data for the stock formula: the store's stock settings and the host's products,
// stock levels and Amazon listings, exactly as the plugin reads them from the host.
#pragma once

#include "orders/products.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::stock {

constexpr int k_default_lead_time_days = 2;
constexpr int k_max_lead_time_days = 30;
constexpr std::string_view k_merchant_channel = "DEFAULT";

// How an assembly's quantity draws on its components' units (include_assemblies on).
enum class AssemblyMode {
    // Unleashed's rule: a component shows its own available; an assembly shows its own available
    // plus what can be assembled from the components' available (the same units count for both).
    can_assemble,
    // Every unit is promised once: a component's units are split between its own listing and the
    // assemblies that use it, so selling every quantity shown never needs a unit twice.
    share_split,
};

struct StockSettings {
    std::vector<std::string> warehouses; // FBM warehouse codes whose stock is counted
    bool include_assemblies = false;     // add what can be built from BOMs
    AssemblyMode assembly_mode = AssemblyMode::can_assemble;
    // Product attribute saying "can auto-assemble" per assembly (per BOM); empty: every assembly
    // can. An assembly that cannot shows only its own available.
    std::string auto_assemble_attribute;
    int64_t buffer = 0;                  // units held back per SKU
    std::optional<int64_t> maximum;      // cap on the quantity shown
    std::string skip_attribute;          // product attribute: a true value leaves it out
    std::string sync_disabled_attribute; // product attribute: a true value leaves it out
    std::string lead_time_attribute;     // product attribute: handling days 0..30
    int default_lead_time_days = k_default_lead_time_days;
    std::string switch_fulfillment_attribute; // product attribute: "MFN" | "AFN" | empty
    // Where a product holds the key listings are matched by (products.sku_attribute: code,
    // barcode or an attribute); the same rule order import finds products by.
    orders::KeyField sku_field;
    // Listings are matched by their ASIN (products.identification asin), held in host_sku.
    bool match_by_asin = false;
};

struct BomLine {
    std::string component; // product code
    int64_t quantity = 0;  // units of the component per unit of the assembly
};

struct Product {
    std::string code;
    std::string barcode; // empty: none
    std::map<std::string, std::string> attributes;
    bool is_assembly = false;
    std::vector<BomLine> bom;
};

// Whole units. The plugin floors fractional host quantities (never rounds up).
struct StockLevel {
    std::string product; // product code
    std::string warehouse;
    int64_t on_hand = 0;
    int64_t allocated = 0;
};

struct Listing {
    std::string sku; // Amazon's Seller SKU (what is sent)
    std::string marketplace_id;
    std::string channel_code; // "DEFAULT" (merchant) or "AMAZON_*" (fulfilled by Amazon)
    // The key matched to products: the SKU after products.sku_crop, or the ASIN when listings
    // are matched by ASIN (StockSettings::match_by_asin); empty: sku, or no ASIN (no match).
    std::string host_sku;
    std::string asin; // asin1 of Amazon's listings report; empty when Amazon gave none
};

// The SKU a listing is matched to host products by.
inline const std::string& host_key(const Listing& listing) {
    return listing.host_sku.empty() ? listing.sku : listing.host_sku;
}

struct StockInput {
    StockSettings settings;
    std::vector<Product> products;
    std::vector<StockLevel> levels;
    std::vector<Listing> listings;
};

} // namespace amzconn::stock
