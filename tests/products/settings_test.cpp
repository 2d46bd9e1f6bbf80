// Per-product listing settings end to end: set_product_settings writes the host product
// attributes, and the next stock export sends them; proven by reading the sandbox's listings.
#include "rig.hpp"

using namespace amzconn;
using namespace amzconn::product_tests;

namespace {

const char* const k_stock_listings =
    "  - {sku: MUG, marketplace_id: A1F83G8C2ARO7P, quantity: 5}\n"
    "  - {sku: TEA, marketplace_id: A1F83G8C2ARO7P, quantity: 3}\n"
    "  - {sku: COASTER, marketplace_id: A1F83G8C2ARO7P, quantity: 9}\n";

const char* const k_stock_config = "    stock: {enabled: true, warehouses: [MAIN]}\n"
                                   "    products:\n"
                                   "      skip_attribute: amazon_skip\n"
                                   "      lead_time_attribute: amazon_lead_time\n"
                                   "      switch_fulfillment_attribute: amazon_fulfillment\n";

// MUG, TEA and COASTER with 7, 4 and 6 units in MAIN.
void seed_stock(Rig& rig) {
    rig.upsert("warehouse", "MAIN", {{"code", "MAIN"}, {"name", "Main"}, {"is_fba", false}});
    for (const auto& [code, units] :
         {std::pair{"MUG", 7}, std::pair{"TEA", 4}, std::pair{"COASTER", 6}}) {
        rig.product(
            {{"code", code}, {"description", code}, {"is_assembly", false}, {"tracking", "none"}});
        rig.upsert(
            "stock_level", std::string(code) + "@MAIN",
            {{"product", code}, {"warehouse", "MAIN"}, {"on_hand", units}, {"allocated", 0}});
    }
}

// export_stock, then poll_feeds until Amazon has processed every feed (bounded, real time).
void export_until_done(Rig& rig) {
    const auto exported = rig.job("export_stock");
    REQUIRE_MESSAGE(text_of(exported.at("status")) != "failed", json::serialize(exported));
    for (int i = 0; i < 100; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (count(rig.job("poll_feeds"), "feeds_pending") == 0) {
            return;
        }
    }
    FAIL("feeds never finished");
}

} // namespace

TEST_CASE("products: a lead time set in the host reaches Amazon's listing and sync off leaves "
          "the listing alone") {
    Rig rig(k_stock_config, k_stock_listings);
    seed_stock(rig);
    const auto lead = rig.job("set_product_settings", {{"skus", "MUG"}, {"lead_time", "3"}});
    CHECK(text_of(lead.at("status")) == "ok");
    CHECK(count(lead, "updated") == 1);
    const auto off = rig.job("set_product_settings", {{"skus", "TEA, NOPE"}, {"sync", "off"}});
    CHECK(text_of(off.at("status")) == "partial"); // NOPE is no product's SKU
    CHECK(count(off, "updated") == 1);
    CHECK(count(off, "unknown") == 1);
    const auto products = rig.products();
    CHECK(text_of(products.at("MUG").at("attributes").at("amazon_lead_time")) == "3");
    CHECK(text_of(products.at("TEA").at("attributes").at("amazon_skip")) == "true");
    REQUIRE(rig.listing("MUG").at("handling_time").as_int64() == 2); // Amazon's before
    export_until_done(rig);
    CHECK(rig.listing("MUG").at("handling_time").as_int64() == 3);
    CHECK(rig.listing("MUG").at("quantity").as_int64() == 7);
    CHECK(rig.listing("COASTER").at("handling_time").as_int64() == 2); // the store default
    CHECK(rig.listing("COASTER").at("quantity").as_int64() == 6);
    CHECK(rig.listing("TEA").at("quantity").as_int64() == 3); // not synced: the host's 4 not sent
    // Back to the store default: the next export sends 2 again.
    const auto back = rig.job("set_product_settings", {{"skus", "MUG"}, {"lead_time", "default"}});
    CHECK(count(back, "updated") == 1);
    CHECK_FALSE(rig.products().at("MUG").contains("attributes"));
    export_until_done(rig);
    CHECK(rig.listing("MUG").at("handling_time").as_int64() == 2);
}

TEST_CASE("products: SwitchFulfillmentTo AFN set in the host moves the listing to Amazon's "
          "fulfilment") {
    Rig rig(k_stock_config, k_stock_listings);
    seed_stock(rig);
    const auto set = rig.job("set_product_settings", {{"skus", "COASTER"}, {"fulfillment", "AFN"}});
    CHECK(count(set, "updated") == 1);
    CHECK(text_of(rig.products().at("COASTER").at("attributes").at("amazon_fulfillment")) == "AFN");
    export_until_done(rig);
    CHECK(text_of(rig.listing("COASTER").at("channel")).rfind("AMAZON_", 0) == 0);
    CHECK(text_of(rig.listing("MUG").at("channel")) == "DEFAULT");
}

TEST_CASE("products: a setting whose attribute the config does not name is refused with the key "
          "to set") {
    Rig rig("", k_stock_listings);
    seed_stock(rig);
    auto refused = rig.connector->run_job("set_product_settings", "uk1",
                                          R"({"skus": "MUG", "lead_time": "3"})");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("products.lead_time_attribute") != std::string::npos);
    CHECK_FALSE(rig.products().at("MUG").contains("attributes")); // nothing written
}

TEST_CASE("products: the product list shows each listing's host product, its settings and what "
          "Amazon last accepted") {
    Rig rig(k_stock_config,
            k_stock_listings + std::string("  - {sku: LOOSE, marketplace_id: A1F83G8C2ARO7P, "
                                           "quantity: 1, title: No host product}\n"));
    seed_stock(rig);
    rig.job("set_product_settings", {{"skus", "MUG"}, {"lead_time", "3"}});
    rig.job("set_product_settings", {{"skus", "TEA"}, {"sync", "off"}});
    export_until_done(rig);
    const auto list = rig.job("list_products");
    CHECK(text_of(list.at("status")) == "ok");
    CHECK(count(list, "listings") == 4);
    std::map<std::string, json::object> rows;
    for (const auto& row : list.at("products").as_array()) {
        rows.emplace(text_of(row.at("sku")), row.as_object());
    }
    const auto& mug = rows.at("MUG");
    const auto amazon = rig.listing("MUG");
    CHECK(mug.at("asin") == amazon.at("asin"));
    CHECK(mug.at("title") == amazon.at("title"));
    CHECK(text_of(mug.at("channel")) == "DEFAULT");
    CHECK(text_of(mug.at("product")) == "MUG");
    CHECK(text_of(mug.at("sync")) == "on");
    CHECK(mug.at("lead_time_days").as_int64() == 3);
    CHECK(text_of(mug.at("lead_time_source")) == "product");
    // What was last sent is what the sandbox holds.
    CHECK(mug.at("last_sent").at("quantity") == amazon.at("quantity"));
    CHECK(mug.at("last_sent").at("lead_time_days") == amazon.at("handling_time"));
    CHECK(text_of(mug.at("last_sent").at("amazon_answer")) == "accepted");
    CHECK(text_of(rows.at("TEA").at("sync")) == "off");
    CHECK(rows.at("TEA").at("last_sent").is_null()); // never sent
    CHECK(text_of(rows.at("COASTER").at("lead_time_source")) == "store default");
    CHECK(rows.at("LOOSE").at("product").is_null());
    const auto found = rig.job("list_products", {{"search", "no HOST"}});
    REQUIRE(found.at("products").as_array().size() == 1);
    CHECK(text_of(found.at("products").at(0).at("sku")) == "LOOSE");
}
