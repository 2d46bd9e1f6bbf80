// Reads from the host what the stock formula needs (products, stock levels, warehouses) and turns
// the store's config into the formula's settings, so the rules in adapters/stock/ stay pure.
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/host_services.hpp"
#include "stock/stock_input.hpp"
#include "stock/warehouse_check.hpp"

#include <string>
#include <vector>

namespace amzconn::plugin {

// The formula's settings from the store config; `fbm_warehouses` are the host's non-FBA
// warehouses, used when the config names none.
stock::StockSettings stock_settings(const config::StoreConfig& store,
                                    const std::vector<std::string>& fbm_warehouses);

// Where the store's products hold the Seller SKU listings are matched by: products.sku_attribute
// (code, barcode or an attribute, as order import reads it), unset the product code.
orders::KeyField sku_field(const config::Products& products);

// How the store's Amazon listings are matched to host products, one rule for stock and price
// export, price import and the product list: by the Seller SKU after products.sku_crop (the crop
// order import applies), or, with products.identification asin, by the listing's ASIN. Products
// hold that key in `field` (orders::key_field: products.sku_attribute; unset, the product code,
// or the attribute amazon_asin for asin).
struct ListingMatch {
    bool by_asin = false;
    orders::KeyField field;
    orders::SkuCrop crop;

    // The key a listing is matched by; empty when an ASIN store's listing has no ASIN (it
    // matches no product).
    Result<std::string> key_of(const std::string& sku, const std::string& asin) const;
    // "SKU" or "ASIN", for messages about a key.
    std::string_view key_name() const { return by_asin ? "ASIN" : "SKU"; }
};
ListingMatch listing_match(const config::Products& products);

// Sets each listing's host SKU to the key `match` gives it.
Outcome key_listings(const ListingMatch& match, std::vector<stock::Listing>& listings);

// Every host warehouse, FBA ones marked.
Result<std::vector<stock::HostWarehouse>> read_warehouses(HostServices& host);

// The codes of the host warehouses that are not FBA ones (is_fba false).
std::vector<std::string> fbm_codes(const std::vector<stock::HostWarehouse>& warehouses);

// Every host warehouse that is not an FBA one (is_fba false), by code.
Result<std::vector<std::string>> read_fbm_warehouses(HostServices& host);

// Every host product (paged through entity_query with limit/after).
Result<std::vector<stock::Product>> read_products(HostServices& host);

// Stock levels of the given warehouses; fractional quantities never occur (entities are integers).
Result<std::vector<stock::StockLevel>> read_levels(HostServices& host,
                                                   const std::vector<std::string>& warehouses);

} // namespace amzconn::plugin
