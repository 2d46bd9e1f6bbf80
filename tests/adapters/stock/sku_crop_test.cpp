// Listings are matched to host products by the SKU after products.sku_crop (host_sku).
#include "stock/explain.hpp"
#include "stock_fixtures.hpp"

using namespace stock_test;

TEST_CASE("stock: a listing is matched to its product by the SKU after the crop") {
    StockInput in;
    in.settings = default_settings();
    in.products = {product("MUG-1")};
    in.levels = {level("MUG-1", "MAIN", 5)};
    Listing cropped = fbm("AMZ-MUG-1-UK");
    cropped.host_sku = "MUG-1";
    in.listings = {cropped, fbm("AMZ-TEA-UK")};
    auto c = compute(in);
    const auto& mug = listing_for(c, "AMZ-MUG-1-UK");
    CHECK(mug.action == ListingAction::send_quantity);
    CHECK(mug.product_code == "MUG-1");
    CHECK(mug.quantity == 5);
    const auto& tea = listing_for(c, "AMZ-TEA-UK");
    CHECK(tea.action == ListingAction::unknown_sku);
    // explain_stock answers for Amazon's SKU and for the host's.
    for (const char* sku : {"AMZ-MUG-1-UK", "MUG-1"}) {
        auto e = explain_sku(c, sku);
        REQUIRE(e.ok());
        CHECK(e->product_code == "MUG-1");
        CHECK(e->listings.size() == 1);
    }
}
