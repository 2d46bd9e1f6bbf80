// Re-keying a store from Seller SKU to ASIN identification end to end: the dry run lists what
// changes and writes nothing; applied, the products hold Amazon's ASINs, and after the switch
// import_products finds them all (0 duplicates).
#include "rig.hpp"

#include <set>

using namespace amzconn;
using namespace amzconn::product_tests;

namespace {

const char* const k_migration_listings =
    "  - {sku: MUG, asin: B0MUG00001, marketplace_id: A1F83G8C2ARO7P, quantity: 5}\n"
    "  - {sku: TEA, asin: B0TEA00001, marketplace_id: A1F83G8C2ARO7P, quantity: 3}\n"
    "  - {sku: COASTER, asin: B0COAST001, marketplace_id: A1F83G8C2ARO7P, quantity: 9}\n";

void seed_mug_and_tea(Rig& rig) {
    for (const auto* code : {"MUG", "TEA"}) {
        rig.product(
            {{"code", code}, {"description", code}, {"is_assembly", false}, {"tracking", "none"}});
    }
}

} // namespace

TEST_CASE("products: migrating identification from SKU to ASIN re-binds the products and the "
          "switch creates no duplicate") {
    Rig rig("    products: {identification_migration: true}\n", k_migration_listings);
    seed_mug_and_tea(rig);
    const auto dry = rig.job("migrate_identification", {{"to", "asin"}});
    CHECK(text_of(dry.at("status")) == "ok");
    CHECK(count(dry, "rebind") == 2);  // MUG, TEA
    CHECK(count(dry, "unbound") == 1); // COASTER: no product today
    CHECK(count(dry, "products_written") == 0);
    CHECK(dry.at("bindings").as_array().size() == 3);
    CHECK_FALSE(rig.products().at("MUG").contains("attributes")); // a dry run writes nothing

    const auto applied = rig.job("migrate_identification", {{"to", "asin"}, {"apply", "true"}});
    CHECK(count(applied, "products_written") == 2);
    for (const auto* sku : {"MUG", "TEA"}) {
        CAPTURE(sku);
        CHECK(rig.products().at(sku).at("attributes").at("amazon_asin") ==
              rig.listing(sku).at("asin"));
    }
    auto installed = rig.connector->install(
        "products.yaml",
        config("    products: {identification: asin, identification_migration: true}\n"));
    REQUIRE_MESSAGE(installed.ok(), (installed.ok() ? "" : installed.error().message));
    const auto imported = rig.job("import_products");
    CHECK(count(imported, "created") == 1); // COASTER only
    CHECK(count(imported, "unchanged") == 2);
    const auto products = rig.products();
    CHECK(products.size() == 3);
    std::set<std::string> asins;
    for (const auto& [code, doc] : products) {
        asins.insert(text_of(doc.at("attributes").at("amazon_asin")));
    }
    CHECK(asins.size() == 3); // one product per ASIN: 0 duplicates
}

TEST_CASE("products: applying a migration needs identification_migration in the config") {
    Rig rig("", k_migration_listings);
    seed_mug_and_tea(rig);
    auto refused = rig.connector->run_job("migrate_identification", "uk1",
                                          R"({"to": "asin", "apply": "true"})");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("products.identification_migration: true") !=
          std::string::npos);
    CHECK_FALSE(rig.products().at("MUG").contains("attributes"));
}
