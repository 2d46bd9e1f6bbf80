// Listings are matched to host products by the SKU after products.sku_crop, or by the ASIN
// (host_sku).
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

TEST_CASE("stock: with identification asin a listing is matched by its ASIN, and one without an "
          "ASIN matches no product") {
    StockInput in;
    in.settings = default_settings();
    in.settings.sku_field = amzconn::orders::KeyField::named("amazon_asin");
    in.settings.match_by_asin = true;
    Product mug = product("MUG-1");
    mug.attributes["amazon_asin"] = "B0MUG00001";
    // Created on import under identification asin: the ASIN is its code, no attribute.
    in.products = {mug, product("B0TEA00001"), product("SAME-SKU")};
    in.levels = {level("MUG-1", "MAIN", 5), level("B0TEA00001", "MAIN", 3),
                 level("SAME-SKU", "MAIN", 9)};
    Listing by_attribute = fbm("AMZ-MUG");
    by_attribute.host_sku = "B0MUG00001";
    Listing by_code = fbm("AMZ-TEA");
    by_code.host_sku = "B0TEA00001";
    Listing no_asin = fbm("SAME-SKU"); // its Seller SKU is a product code, but it has no ASIN
    Listing other = fbm("AMZ-CUP");
    other.host_sku = "B0CUP00001";
    in.listings = {by_attribute, by_code, no_asin, other};
    auto c = compute(in);
    CHECK(listing_for(c, "AMZ-MUG").product_code == "MUG-1");
    CHECK(listing_for(c, "AMZ-MUG").quantity == 5);
    CHECK(listing_for(c, "AMZ-TEA").product_code == "B0TEA00001");
    CHECK(listing_for(c, "AMZ-TEA").quantity == 3);
    const auto& none = listing_for(c, "SAME-SKU");
    CHECK(none.action == ListingAction::unknown_sku);
    CHECK(none.reason.find("no ASIN for SAME-SKU") != std::string::npos);
    const auto& unknown = listing_for(c, "AMZ-CUP");
    CHECK(unknown.action == ListingAction::unknown_sku);
    CHECK(unknown.reason == "no host product has ASIN B0CUP00001 (listing AMZ-CUP); the listing "
                            "is left alone");
    // Two products holding one ASIN: its listings fail, naming the ASIN.
    Product twin = product("MUG-2");
    twin.attributes["amazon_asin"] = "B0MUG00001";
    in.products.push_back(twin);
    auto twins = compute(in);
    CHECK(listing_for(twins, "AMZ-MUG").action == ListingAction::error);
    CHECK(listing_for(twins, "AMZ-MUG").reason.find("ASIN B0MUG00001 belongs to more than one") !=
          std::string::npos);
}
