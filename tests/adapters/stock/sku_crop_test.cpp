// Listings are matched to host products by the SKU after products.sku_crop (host_sku).
#include "stock/attribute_rules.hpp"
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

TEST_CASE("stock: products.sku_attribute code, barcode or an attribute names where a product "
          "holds its Seller SKU, the field order import finds products by") {
    using amzconn::orders::KeyField;
    Product mug = product("MUG-1");
    mug.barcode = "5012345000011";
    mug.attributes["amazon_sku"] = "AMZ-MUG";
    const Product plain = product("TEA-1"); // no barcode, no attribute: its code
    CHECK(seller_sku(mug, KeyField::named("code")) == "MUG-1");
    CHECK(seller_sku(mug, KeyField::named("barcode")) == "5012345000011");
    CHECK(seller_sku(mug, KeyField::named("amazon_sku")) == "AMZ-MUG");
    CHECK(seller_sku(plain, KeyField::named("barcode")) == "TEA-1");
    CHECK(seller_sku(plain, KeyField::named("amazon_sku")) == "TEA-1");

    StockInput in;
    in.settings = default_settings();
    in.settings.sku_field = KeyField::named("barcode");
    in.products = {mug};
    in.levels = {level("MUG-1", "MAIN", 5)};
    in.listings = {fbm("5012345000011"), fbm("MUG-1")};
    auto c = compute(in);
    CHECK(listing_for(c, "5012345000011").product_code == "MUG-1");
    CHECK(listing_for(c, "5012345000011").quantity == 5);
    CHECK(listing_for(c, "MUG-1").action == ListingAction::unknown_sku);
}
