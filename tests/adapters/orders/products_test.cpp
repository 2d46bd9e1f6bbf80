// Products: Seller SKU crop rules, lookup through the configured attribute or the ASIN, create
// on import with Amazon's title, or park the order with the SKU and the fix.
#include "fixtures.hpp"
#include "orders/products.hpp"

using namespace amzconn::orders;

TEST_CASE("orders: the SKU crop cuts prefix, then suffix, then applies replacements in order") {
    amzconn::orders::SkuCrop crop;
    crop.prefix = "SHOP-";
    crop.suffix = "-DE";
    crop.replace = {{"_", "-"}, {"^(\\w+)-V(\\d)$", "$1.$2"}};
    CHECK(*crop_sku("SHOP-MUG_BLUE-DE", crop) == "MUG-BLUE");
    CHECK(*crop_sku("SHOP-CUP_V2-DE", crop) == "CUP.2");
    CHECK(*crop_sku("OTHER-MUG", crop) == "OTHER-MUG"); // no prefix: nothing cut
    CHECK(*crop_sku("SHOP-", crop) == "SHOP-");         // never crops to an empty SKU
    crop.replace = {{"(", "x"}};
    auto bad = crop_sku("A", crop);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("sku_crop") != std::string::npos);
}

TEST_CASE("orders: a cropped SKU finds the host product through the configured attribute") {
    auto o = fx::base_order();
    fx::first_item(o)["product"].as_object()["sellerSku"] = "SHOP-MUG_UK-DE";
    const auto store = fx::store("products:\n  sku_attribute: amazon_sku\n  sku_crop: {prefix: "
                                 "\"SHOP-\", suffix: \"-DE\", replace: [{pattern: \"_\", with: "
                                 "\"-\"}]}");
    CHECK(lookup_keys(fx::parse(o), store.products) == std::vector<std::string>{"MUG-UK"});
    auto doc = fx::doc_of(map_order(fx::parse(o), store, fx::host()));
    auto line = doc["lines"].as_array()[0].as_object();
    CHECK(fx::str(line["product"]) == "MUG");
    CHECK(fx::str(line["sku"]) == "SHOP-MUG_UK-DE"); // Amazon's SKU stays on the line
}

TEST_CASE("orders: identification by ASIN looks products up by ASIN") {
    auto host = fx::host();
    host.products.clear();
    host.products["B0MUG-UK"] = HostProduct{"MUG-BY-ASIN", Tracking::none, {}};
    const auto store = fx::store("products: {identification: asin}");
    auto doc = fx::doc_of(map_order(fx::parse(fx::base_order()), store, host));
    CHECK(fx::str(doc["lines"].as_array()[0].as_object()["product"]) == "MUG-BY-ASIN");
}

TEST_CASE("orders: an unknown SKU parks the order with the SKU and the fix") {
    auto host = fx::host();
    host.products.clear();
    const auto store = fx::store("products: {sku_attribute: amazon_sku}");
    auto r = map_order(fx::parse(fx::base_order()), store, host);
    REQUIRE(r.is_park());
    CHECK(r.park().reason == "SKU 'MUG-UK' has no host product with attribute amazon_sku = MUG-UK");
    CHECK(r.park().fix == "add the attribute to the product or enable products.create_on_import, "
                          "then run retry_failed_orders");
    CHECK(r.park().path == "orderItems[0].product.sellerSku");
    bool error_logged = false;
    for (const auto& n : r.notes) {
        error_logged = error_logged || (n.level == NoteLevel::error &&
                                        n.message.find("MUG-UK") != std::string::npos);
    }
    CHECK(error_logged);
    auto failed = failed_order_json(store, "202-0000001-0000001", r.park(),
                                    amzconn::time::Timestamp{1'768'471'200'000}, 1, "rid-1");
    CHECK(amzconn::validate_entity("failed_order", failed).ok());
}

TEST_CASE("orders: an unknown SKU is created with Amazon's title when create_on_import is on") {
    auto host = fx::host();
    host.products.clear();
    auto o = fx::base_order();
    // Two lines of the same unknown SKU create one product.
    o["orderItems"].as_array().push_back(fx::item("MUG-UK", 1, "9.99", "9.99"));
    fx::set_total(o, "29.97");
    const auto store = fx::store("products: {create_on_import: true, sku_attribute: amazon_sku}");
    auto r = map_order(fx::parse(o), store, host);
    REQUIRE(r.is_import());
    REQUIRE(r.import().products.size() == 1);
    REQUIRE(amzconn::validate_entity_tree("product", r.import().products[0]).ok());
    auto p = r.import().products[0];
    CHECK(fx::str(p["code"]) == "MUG-UK");
    CHECK(fx::str(p["description"]) == "Title of MUG-UK");
    CHECK(fx::str(p["attributes"].as_object()["amazon_sku"]) == "MUG-UK");
    CHECK(fx::str(p["attributes"].as_object()["amazon_asin"]) == "B0MUG-UK");
    auto doc = fx::doc_of(r);
    CHECK(fx::str(doc["lines"].as_array()[1].as_object()["product"]) == "MUG-UK");
}

TEST_CASE("orders: products are identified by their own code or barcode field, or an attribute") {
    using Kind = KeyField::Kind;
    CHECK(key_field(fx::store().products).query_path() == "code");
    CHECK(key_field(fx::store("products: {sku_attribute: code}").products).kind == Kind::code);
    const auto by_barcode = fx::store("products: {sku_attribute: barcode}");
    CHECK(key_field(by_barcode.products).kind == Kind::barcode);
    CHECK(key_field(by_barcode.products).query_path() == "barcode");
    CHECK(key_field(fx::store("products: {sku_attribute: amazon_sku}").products).query_path() ==
          "attributes.amazon_sku");
    // The ASIN is found where products created on import keep it.
    CHECK(key_field(fx::store("products: {identification: asin}").products).query_path() ==
          "attributes.amazon_asin");

    auto host = fx::host();
    host.products.clear();
    auto r = map_order(fx::parse(fx::base_order()), by_barcode, host);
    REQUIRE(r.is_park());
    CHECK(r.park().reason == "SKU 'MUG-UK' has no host product with barcode = MUG-UK");
    CHECK(r.park().fix.find("add the barcode to the product") == 0);

    // Created on import, the product carries the key in its barcode field, so the next order
    // finds it there.
    const auto create =
        fx::store("products: {sku_attribute: barcode, create_on_import: true}").products;
    auto created = map_order(fx::parse(fx::base_order()),
                             fx::store("products: {sku_attribute: barcode, create_on_import: "
                                       "true}"),
                             host);
    REQUIRE(created.is_import());
    REQUIRE(created.import().products.size() == 1);
    REQUIRE(amzconn::validate_entity_tree("product", created.import().products[0]).ok());
    auto p = created.import().products[0];
    CHECK(fx::str(p["barcode"]) == "MUG-UK");
    CHECK_FALSE(p["attributes"].as_object().contains("barcode"));
    CHECK(key_field(create).query_path() == "barcode");
}

TEST_CASE("orders: an item without a Seller SKU parks with its field path") {
    auto o = fx::base_order();
    fx::first_item(o)["product"].as_object().erase("sellerSku");
    auto r = map_order(fx::parse(o), fx::store(), fx::host());
    REQUIRE(r.is_park());
    CHECK(r.park().path == "orderItems[0].product.sellerSku");
}

TEST_CASE("orders: lookup_keys lists each identification key once") {
    auto o = fx::base_order();
    o["orderItems"].as_array().push_back(fx::item("MUG-UK", 1, "9.99", "9.99"));
    o["orderItems"].as_array().push_back(fx::item("CUP-UK", 1, "4.99", "4.99"));
    const auto keys = lookup_keys(fx::parse(o), fx::store().products);
    CHECK(keys == std::vector<std::string>{"CUP-UK", "MUG-UK"});
    const auto asins =
        lookup_keys(fx::parse(o), fx::store("products: {identification: asin}").products);
    CHECK(asins == std::vector<std::string>{"B0CUP-UK", "B0MUG-UK"});
}
