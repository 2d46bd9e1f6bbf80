// Small builders for stock test inputs, so each case states only what it is about.
#pragma once

#include "stock/availability.hpp"
#include "stock/delta.hpp"

#include <doctest/doctest.h>
#include <string>

namespace stock_test {

using namespace amzconn::stock;

inline constexpr const char* k_de = "A1PA6795UKMFR9";
inline constexpr const char* k_fr = "A13V1IB3VIYZZH";
inline constexpr const char* k_us = "ATVPDKIKX0DER";

inline constexpr int64_t k_minute = 60'000;
inline constexpr int64_t k_hour = 60 * k_minute;

// Delta options at `ms`, with the two-minute settle window the engine uses.
inline DeltaOptions now(int64_t ms) {
    return DeltaOptions{ms, 120'000};
}

inline StockSettings default_settings() {
    StockSettings s;
    s.warehouses = {"MAIN", "EAST"};
    s.skip_attribute = "amazon_skip";
    s.sync_disabled_attribute = "amazon_sync_disabled";
    s.lead_time_attribute = "lead_time";
    s.switch_fulfillment_attribute = "SwitchFulfillmentTo";
    s.sku_field = amzconn::orders::KeyField::named("amazon_sku");
    return s;
}

inline Product product(std::string code) {
    Product p;
    p.code = std::move(code);
    return p;
}

inline Product assembly(std::string code, std::vector<BomLine> bom) {
    Product p;
    p.code = std::move(code);
    p.is_assembly = true;
    p.bom = std::move(bom);
    return p;
}

inline StockLevel level(std::string product, std::string warehouse, int64_t on_hand,
                        int64_t allocated = 0) {
    return StockLevel{std::move(product), std::move(warehouse), on_hand, allocated};
}

inline Listing fbm(std::string sku, std::string marketplace = k_de) {
    return Listing{std::move(sku), std::move(marketplace), "DEFAULT", "", ""};
}

inline Listing fba(std::string sku, std::string marketplace = k_de) {
    return Listing{std::move(sku), std::move(marketplace), "AMAZON_EU", "", ""};
}

inline StockComputation compute(const StockInput& input) {
    auto result = compute_stock(input);
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().message));
    return std::move(result).value();
}

inline const ListingResult& listing_for(const StockComputation& c, const std::string& sku,
                                        const std::string& marketplace = k_de) {
    for (const ListingResult& r : c.listings) {
        if (r.sku == sku && r.marketplace_id == marketplace) {
            return r;
        }
    }
    FAIL("no listing result for " << sku);
    return c.listings.front();
}

inline int64_t quantity_of(const StockComputation& c, const std::string& sku) {
    const ListingResult& r = listing_for(c, sku);
    REQUIRE_MESSAGE(r.action == ListingAction::send_quantity, sku << ": " << r.reason);
    REQUIRE(r.quantity.has_value());
    return *r.quantity;
}

} // namespace stock_test
