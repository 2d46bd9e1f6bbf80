// import_products end to end: the real plugin over the in-memory host against the real sandbox;
// each rule is proven against what the sandbox (Amazon) lists and what the host then holds.
#include "rig.hpp"

using namespace amzconn;
using namespace amzconn::product_tests;

namespace {

// UK: four listings (one FBA, EAN and UPC identifiers); DE: MUG again under its German title and
// one listing of its own.
const char* const k_listings =
    "  - {sku: MUG, asin: B0MUG00001, marketplace_id: A1F83G8C2ARO7P, quantity: 5, title: Blue "
    "mug, identifiers: [{type: EAN, value: \"5012345678900\"}]}\n"
    "  - {sku: COASTER, asin: B0COAST001, marketplace_id: A1F83G8C2ARO7P, quantity: 50, title: "
    "Cork coaster, identifiers: [{type: UPC, value: \"012345678905\"}]}\n"
    "  - {sku: FBA-MUG, asin: B0MUG00001, marketplace_id: A1F83G8C2ARO7P, channel: AMAZON_EU, "
    "quantity: 17, title: Blue mug}\n"
    "  - {sku: TEA, asin: B0TEA00001, marketplace_id: A1F83G8C2ARO7P, quantity: 3, title: Earl "
    "grey}\n"
    "  - {sku: MUG, asin: B0MUG00001, marketplace_id: A1PA6795UKMFR9, quantity: 5, title: Becher "
    "blau}\n"
    "  - {sku: DE-ONLY, asin: B0DEONLY01, marketplace_id: A1PA6795UKMFR9, quantity: 1, title: "
    "Nur in Deutschland}\n";

Rig import_rig(const std::string& products_yaml = "") {
    return Rig(products_yaml, k_listings);
}

} // namespace

TEST_CASE("products: an empty host imports Amazon's catalogue, and a second run changes nothing") {
    Rig rig = import_rig();
    const auto first = rig.job("import_products");
    CHECK(text_of(first.at("status")) == "ok");
    CHECK(count(first, "created") == 5); // MUG, COASTER, FBA-MUG, TEA (UK), DE-ONLY (DE)
    CHECK(count(first, "conflicts") == 0);
    CHECK(count(first, "bad_rows") == 0);
    const auto products = rig.products();
    REQUIRE(products.size() == 5);
    // Each new product is Amazon's listing: title as description, ASIN and barcode Amazon has.
    for (const auto& [code, market] :
         {std::pair{"MUG", k_uk}, std::pair{"COASTER", k_uk}, std::pair{"FBA-MUG", k_uk},
          std::pair{"TEA", k_uk}, std::pair{"DE-ONLY", k_de}}) {
        CAPTURE(code);
        const auto amazon = rig.listing(code, market);
        const auto& host = products.at(code);
        CHECK(host.at("description") == amazon.at("title"));
        CHECK(host.at("attributes").at("amazon_asin") == amazon.at("asin"));
        const auto& ids = amazon.at("identifiers").as_array();
        if (ids.empty()) {
            CHECK_FALSE(host.contains("barcode"));
        } else {
            CHECK(host.at("barcode") == ids.front().at("value"));
        }
        CHECK(host.at("is_assembly") == false);
    }
    CHECK(text_of(products.at("MUG").at("description")) == "Blue mug"); // the primary's title
    const auto before = rig.host.entity_query("product", "{}");
    const auto second = rig.job("import_products");
    CHECK(text_of(second.at("status")) == "ok");
    CHECK(count(second, "created") == 0);
    CHECK(count(second, "updated") == 0);
    CHECK(count(second, "unchanged") == 5);
    CHECK(rig.host.entity_query("product", "{}").value() == before.value());
}

TEST_CASE("products: without sync_from_amazon an existing product keeps the host's details") {
    Rig rig = import_rig();
    rig.product({{"code", "MUG"},
                 {"description", "Our mug"},
                 {"barcode", "111"},
                 {"is_assembly", false},
                 {"tracking", "none"}});
    const auto report = rig.job("import_products");
    CHECK(count(report, "created") == 4);
    CHECK(count(report, "unchanged") == 1);
    const auto mug = rig.products().at("MUG");
    CHECK(text_of(mug.at("description")) == "Our mug");
    CHECK(text_of(mug.at("barcode")) == "111");
    CHECK_FALSE(mug.contains("attributes"));
}

TEST_CASE("products: sync_from_amazon overwrites description, barcode and ASIN and keeps the "
          "rest of the product") {
    Rig rig = import_rig("    products: {sync_from_amazon: true}\n");
    rig.product({{"code", "MUG"},
                 {"description", "Our mug"},
                 {"barcode", "111"},
                 {"attributes", {{"colour", "blue"}}},
                 {"is_assembly", false},
                 {"tracking", "batch"}});
    const auto report = rig.job("import_products");
    CHECK(text_of(report.at("status")) == "ok");
    CHECK(count(report, "updated") == 1);
    const auto mug = rig.products().at("MUG");
    const auto amazon = rig.listing("MUG");
    CHECK(mug.at("description") == amazon.at("title"));
    CHECK(mug.at("barcode") == amazon.at("identifiers").at(0).at("value"));
    CHECK(mug.at("attributes").at("amazon_asin") == amazon.at("asin"));
    CHECK(text_of(mug.at("attributes").at("colour")) == "blue");
    CHECK(text_of(mug.at("tracking")) == "batch");
    const auto again = rig.job("import_products");
    CHECK(count(again, "updated") == 0);
    CHECK(count(again, "unchanged") == 5);
}

TEST_CASE("products: two listings cropping to one host SKU are a listed conflict and only they "
          "are left out") {
    Rig rig = import_rig("    products: {sku_crop: {prefix: FBA-}}\n");
    const auto report = rig.job("import_products");
    CHECK(text_of(report.at("status")) == "partial");
    CHECK(count(report, "conflicts") == 1);
    CHECK(count(report, "created") == 3); // COASTER, TEA, DE-ONLY
    const auto& conflict = report.at("conflicts").at(0).as_object();
    CHECK(text_of(conflict.at("key")) == "MUG");
    CHECK(conflict.at("skus") == json::array{"MUG", "FBA-MUG"});
    CHECK_FALSE(rig.products().contains("MUG"));
}

TEST_CASE("products: one listing matching two host products is a listed conflict naming both") {
    Rig rig = import_rig("    products: {sku_attribute: amazon_sku}\n");
    for (const auto* code : {"MUG-1", "MUG-2"}) {
        rig.product({{"code", code},
                     {"description", code},
                     {"attributes", {{"amazon_sku", "MUG"}}},
                     {"is_assembly", false},
                     {"tracking", "none"}});
    }
    const auto report = rig.job("import_products");
    CHECK(count(report, "conflicts") == 1);
    const auto& conflict = report.at("conflicts").at(0).as_object();
    CHECK(conflict.at("products") == json::array{"MUG-1", "MUG-2"});
    CHECK(text_of(conflict.at("reason")).find("attribute amazon_sku") != std::string::npos);
    const auto products = rig.products();
    CHECK(products.size() == 6); // MUG-1, MUG-2 and the four other listings; no third MUG
    CHECK(text_of(products.at("TEA").at("attributes").at("amazon_sku")) == "TEA");
}
