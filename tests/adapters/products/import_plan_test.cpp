// import_products' decisions: listings matched to host products by the store's identity, then
// created, updated (sync_from_amazon only), left unchanged, or listed as a conflict.
#include "products/import_plan.hpp"

#include <doctest/doctest.h>

using namespace amzconn;
using namespace amzconn::products;
using orders::Identification;
using orders::KeyField;

namespace {

AmazonListing listing(const std::string& sku, const std::string& asin,
                      const std::string& title = "", const std::string& ean = "") {
    AmazonListing l;
    l.sku = sku;
    l.asin = asin;
    l.title = title.empty() ? "Title of " + sku : title;
    l.barcode = ean;
    l.barcode_type = ean.empty() ? "" : "EAN";
    l.channel = "DEFAULT";
    l.marketplace = "A1F83G8C2ARO7P";
    l.line = 2;
    return l;
}

HostProduct product(const std::string& code, std::map<std::string, std::string> attributes = {},
                    const std::string& barcode = "") {
    return HostProduct{code, "Host text of " + code, barcode, std::move(attributes)};
}

ImportPlan plan(const std::vector<AmazonListing>& listings, const std::vector<HostProduct>& host,
                const ImportSettings& settings = {}) {
    auto planned = plan_import(listings, host, settings);
    REQUIRE_MESSAGE(planned.ok(), (planned.ok() ? "" : planned.error().message));
    return std::move(*planned);
}

} // namespace

TEST_CASE("products: a listing no host product has becomes a product with Amazon's title as its "
          "description, its ASIN and its barcode") {
    const auto p = plan({listing("MUG", "B000000001", "Blue mug", "5012345678900")}, {});
    REQUIRE(p.actions.size() == 1);
    const auto& a = p.actions[0];
    CHECK(a.decision == Decision::create);
    CHECK(a.product.code == "MUG");
    CHECK(a.product.description == "Blue mug");
    CHECK(a.product.barcode == "5012345678900");
    CHECK(a.product.attributes.at("amazon_asin") == "B000000001");
    CHECK(p.count(Decision::create) == 1);
}

TEST_CASE("products: listings match host products by the SKU after products.sku_crop") {
    ImportSettings s;
    s.crop.prefix = "UK-";
    const auto p = plan({listing("UK-MUG", "B1"), listing("UK-NEW", "B2")}, {product("MUG")}, s);
    REQUIRE(p.actions.size() == 2);
    CHECK(p.actions[0].decision == Decision::unchanged);
    CHECK(p.actions[0].matched == std::vector<std::string>{"MUG"});
    CHECK(p.actions[1].decision == Decision::create);
    CHECK(p.actions[1].product.code == "NEW"); // the host SKU, as order import would look it up
}

TEST_CASE("products: without sync_from_amazon an existing product is left exactly as it is") {
    const auto p =
        plan({listing("MUG", "B1", "Amazon's title", "5012345678900")}, {product("MUG")});
    CHECK(p.actions[0].decision == Decision::unchanged);
    CHECK(p.actions[0].changed.empty());
}

TEST_CASE("products: sync_from_amazon overwrites description, barcode and amazon_asin, and only "
          "those that differ") {
    ImportSettings s;
    s.sync_from_amazon = true;
    const auto p = plan(
        {listing("MUG", "B1", "Amazon's title", "5012345678900"),
         listing("COASTER", "B2", "Host text of COASTER", "")},
        {product("MUG", {{"colour", "blue"}}, "111"), product("COASTER", {{"amazon_asin", "B2"}})},
        s);
    const auto& mug = p.actions[0];
    CHECK(mug.decision == Decision::update);
    CHECK(mug.changed ==
          std::vector<std::string>{"description", "barcode", "attributes.amazon_asin"});
    CHECK(mug.product.description == "Amazon's title");
    CHECK(mug.product.barcode == "5012345678900");
    CHECK(mug.product.attributes.at("amazon_asin") == "B1");
    CHECK(mug.product.attributes.at("colour") == "blue"); // the host's own attributes stay
    // Same title, same ASIN and no barcode on Amazon: nothing to write.
    CHECK(p.actions[1].decision == Decision::unchanged);
}

TEST_CASE("products: a second run over the products the first created changes nothing") {
    ImportSettings s;
    s.sync_from_amazon = true;
    const std::vector<AmazonListing> listings{listing("MUG", "B1", "Mug", "5012345678900"),
                                              listing("TEA", "B2", "Tea")};
    const auto first = plan(listings, {}, s);
    std::vector<HostProduct> host;
    for (const auto& a : first.actions) {
        REQUIRE(a.decision == Decision::create);
        host.push_back(a.product);
    }
    const auto second = plan(listings, host, s);
    CHECK(second.count(Decision::unchanged) == 2);
    CHECK(second.count(Decision::create) == 0);
    CHECK(second.count(Decision::update) == 0);
}

TEST_CASE("products: two listings claiming one product are a conflict naming both, and neither "
          "is imported") {
    ImportSettings s;
    s.crop.suffix = "-FBA";
    const auto p =
        plan({listing("MUG", "B1"), listing("MUG-FBA", "B1"), listing("TEA", "B2")}, {}, s);
    REQUIRE(p.actions.size() == 2);
    const auto& c = p.actions[0];
    CHECK(c.decision == Decision::conflict);
    CHECK(c.skus == std::vector<std::string>{"MUG", "MUG-FBA"});
    CHECK(c.reason.find("MUG, MUG-FBA") != std::string::npos);
    CHECK(c.reason.find("products.sku_crop") != std::string::npos);
    CHECK(p.actions[1].decision == Decision::create); // the rest still go
    CHECK(p.count(Decision::conflict) == 1);
}

TEST_CASE("products: one listing matching two host products is a conflict naming both products") {
    ImportSettings s;
    s.key_field = KeyField::named("amazon_sku");
    const auto p = plan(
        {listing("MUG", "B1")},
        {product("MUG-1", {{"amazon_sku", "MUG"}}), product("MUG-2", {{"amazon_sku", "MUG"}})}, s);
    const auto& c = p.actions[0];
    CHECK(c.decision == Decision::conflict);
    CHECK(c.matched == std::vector<std::string>{"MUG-1", "MUG-2"});
    CHECK(c.reason.find("MUG-1, MUG-2") != std::string::npos);
    CHECK(c.reason.find("attribute amazon_sku") != std::string::npos);
}

TEST_CASE("products: a product identified by an attribute is created with that attribute") {
    ImportSettings s;
    s.key_field = KeyField::named("amazon_sku");
    const auto p = plan({listing("MUG", "B1")}, {}, s);
    CHECK(p.actions[0].decision == Decision::create);
    CHECK(p.actions[0].product.attributes.at("amazon_sku") == "MUG");
}

TEST_CASE("products: a product identified by its barcode keeps the SKU there, not Amazon's EAN") {
    ImportSettings s;
    s.key_field = KeyField::named("barcode");
    s.sync_from_amazon = true;
    const auto p = plan({listing("MUG", "B1", "Mug", "5012345678900"), listing("TEA", "B2")},
                        {product("OLD-MUG", {}, "MUG")}, s);
    CHECK(p.actions[0].decision == Decision::update); // title and ASIN only
    CHECK(p.actions[0].product.barcode == "MUG");
    CHECK(p.actions[1].decision == Decision::create);
    CHECK(p.actions[1].product.barcode == "TEA");
}

TEST_CASE("products: with ASIN identification SKUs of one ASIN are one product, found by "
          "amazon_asin") {
    ImportSettings s;
    s.identification = Identification::asin;
    s.key_field = KeyField{KeyField::Kind::attribute, "amazon_asin"};
    const auto p = plan({listing("MUG", "B1"), listing("MUG-FBA", "B1"), listing("TEA", "B2")},
                        {product("TEA-HOST", {{"amazon_asin", "B2"}})}, s);
    REQUIRE(p.actions.size() == 2);
    CHECK(p.actions[0].decision == Decision::create);
    CHECK(p.actions[0].product.code == "MUG"); // the first listing's SKU
    CHECK(p.actions[0].product.attributes.at("amazon_asin") == "B1");
    CHECK(p.actions[1].decision == Decision::unchanged);
    CHECK(p.actions[1].matched == std::vector<std::string>{"TEA-HOST"});
}

TEST_CASE("products: with ASIN identification a listing without an ASIN is a problem with its "
          "line") {
    ImportSettings s;
    s.identification = Identification::asin;
    s.key_field = KeyField{KeyField::Kind::attribute, "amazon_asin"};
    auto l = listing("MUG", "");
    l.line = 7;
    const auto p = plan({l}, {}, s);
    CHECK(p.actions.empty());
    REQUIRE(p.problems.size() == 1);
    CHECK(p.problems[0].line == 7);
    CHECK(p.problems[0].message.find("no ASIN") != std::string::npos);
}

TEST_CASE("products: a new product whose code another product already has is a conflict, not an "
          "overwrite") {
    ImportSettings s;
    s.identification = Identification::asin;
    s.key_field = KeyField{KeyField::Kind::attribute, "amazon_asin"};
    const auto p = plan({listing("MUG", "B9")}, {product("MUG", {{"amazon_asin", "B1"}})}, s);
    CHECK(p.actions[0].decision == Decision::conflict);
    CHECK(p.actions[0].reason.find("already another product's") != std::string::npos);
}

TEST_CASE("products: a SKU listed in several marketplaces is one listing, the first "
          "marketplace's") {
    ImportSettings s;
    s.sync_from_amazon = true;
    auto de = listing("MUG", "B1", "Becher");
    de.marketplace = "A1PA6795UKMFR9";
    const auto p = plan({listing("MUG", "B1", "Mug"), de}, {}, s);
    REQUIRE(p.actions.size() == 1);
    CHECK(p.actions[0].decision == Decision::create);
    CHECK(p.actions[0].product.description == "Mug");
}

TEST_CASE("products: an invalid sku_crop pattern fails the plan with the config's fix") {
    ImportSettings s;
    s.crop.replace.push_back({"([", ""});
    const auto p = plan_import({listing("MUG", "B1")}, {}, s);
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().message.find("products.sku_crop.replace") != std::string::npos);
}
