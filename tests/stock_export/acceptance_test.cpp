// Issue 12's stock rules end to end: the real plugin over the in-memory host against the real
// sandbox, each proven by what Amazon holds (the sandbox's listings), not by the report alone.
#include "fixture.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>
#include <map>

namespace json = boost::json;
using namespace amzconn::stock_tests;

namespace {

// The stock test config with `from` replaced by `to` (e.g. another warehouse list).
std::string config_with(const std::string& from, const std::string& to, bool prices = false) {
    std::string yaml = config(true);
    const auto at = yaml.find(from);
    REQUIRE(at != std::string::npos);
    yaml.replace(at, from.size(), to);
    if (prices) {
        yaml += "    prices:\n      enabled: true\n      tiers: {UK: RETAIL-GBP}\n";
    }
    return yaml;
}

// The scenario's listings as Amazon holds them before any export.
void check_untouched(Fixture& f) {
    CHECK(f.listing("MUG").at("quantity").as_int64() == 0);
    CHECK(f.listing("COASTER").at("quantity").as_int64() == 50);
    CHECK(f.listing("GIFT-SET").at("quantity").as_int64() == 9);
}

} // namespace

TEST_CASE("stock_export: install refuses a stock.warehouses code the host does not have") {
    Fixture f;
    auto refused = f.connector->install("bad.yaml", config_with("[MAIN]", "[MAIN, WH1]"));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status() == amzconn::Status::bad_input);
    const std::string& message = refused.error().message;
    CHECK(message.find("WH1") != std::string::npos);
    CHECK(message.find("BACK, FBA (FBA), MAIN") != std::string::npos); // the codes that exist
    CHECK(message.find("not installed") != std::string::npos);
    // The installed config is still the good one: the export counts MAIN.
    f.job("export_stock");
    f.poll_until_done();
    CHECK(f.listing("MUG").at("quantity").as_int64() == 7);
}

TEST_CASE("stock_export: an unknown warehouse code stops the export before anything is sent") {
    Fixture f;
    // The host could not be asked at install time (unreachable): the config goes in with a
    // warning, and the export is what stops.
    f.host.fail_next("entity_query", {amzconn::Status::retry_later, "host database is down"});
    auto installed = f.connector->install("later.yaml", config_with("[MAIN]", "[WH1]"));
    REQUIRE_MESSAGE(installed.ok(), (installed.ok() ? "" : installed.error().message));
    CHECK(installed->find("were not checked") != std::string::npos);
    const auto before = f.sandbox.total_calls();
    const auto report = f.job("export_stock");
    CHECK(report.at("status").as_string() == "failed");
    const std::string message(report.at("messages").at(0).as_string());
    CHECK(message.find("WH1") != std::string::npos);
    CHECK(message.find("MAIN") != std::string::npos);
    CHECK(f.logged(amzconn::LogLevel::error, "WH1"));
    CHECK(f.sandbox.total_calls() == before); // not even the listings report
    check_untouched(f);
    // A stock_changed event stops the same way.
    auto answer = f.connector->handle_event(R"({"kind":"stock_changed","skus":["MUG"]})");
    REQUIRE(answer.ok());
    CHECK(answer->find("WH1") != std::string::npos);
    CHECK(f.sandbox.total_calls() == before);
    check_untouched(f);
}

TEST_CASE("stock_export: a host without a merchant warehouse stops the export before anything is "
          "sent") {
    Fixture f;
    // Every host warehouse is an FBA one: with stock.warehouses empty nothing would be counted.
    for (const char* code : {"MAIN", "BACK"}) {
        f.upsert("warehouse", code, {{"code", code}, {"name", code}, {"is_fba", true}});
    }
    auto installed = f.connector->install("empty.yaml", config_with("[MAIN]", "[]"));
    REQUIRE_MESSAGE(installed.ok(), (installed.ok() ? "" : installed.error().message));
    CHECK(installed->find("no merchant (FBM) warehouse") != std::string::npos); // a warning
    const auto before = f.sandbox.total_calls();
    const auto report = f.job("export_stock");
    CHECK(report.at("status").as_string() == "failed");
    CHECK(std::string(report.at("messages").at(0).as_string()).find("no merchant (FBM)") !=
          std::string::npos);
    CHECK(f.sandbox.total_calls() == before);
    check_untouched(f);
}

TEST_CASE("stock_export: include_assembly shows a component's own available and an assembly's "
          "own plus what can be assembled, at Amazon") {
    Fixture f;
    f.level("GIFT-SET", "MAIN", 1, 0);
    f.job("export_stock");
    f.poll_until_done();
    CHECK(f.listing("MUG").at("quantity").as_int64() == 7);
    CHECK(f.listing("COASTER").at("quantity").as_int64() == 6);
    CHECK(f.listing("GIFT-SET").at("quantity").as_int64() == 1 + 3); // min(7 / 1, 6 / 2)
    CHECK(f.listing("FBA-MUG").at("quantity").as_int64() == 17);
}

TEST_CASE("stock_export: assembly_mode share_split promises every unit once, at Amazon") {
    Fixture f(true, "",
              config_with("include_assembly: true",
                          "include_assembly: true\n      assembly_mode: share_split"));
    f.job("export_stock");
    f.poll_until_done();
    // The README's worked example: 7 mugs, 6 coasters, a gift set of 1 mug + 2 coasters.
    const auto mug = f.listing("MUG").at("quantity").as_int64();
    const auto coaster = f.listing("COASTER").at("quantity").as_int64();
    const auto gift = f.listing("GIFT-SET").at("quantity").as_int64();
    CHECK(mug == 5);
    CHECK(coaster == 2);
    CHECK(gift == 2);
    CHECK(mug + gift == 7);
    CHECK(coaster + 2 * gift == 6);
}

TEST_CASE("stock_export: can auto-assemble is set per product through the auto-assemble "
          "attribute, at Amazon") {
    Fixture f(true,
              "  - {sku: BOX, marketplace_id: A1F83G8C2ARO7P, channel: DEFAULT, quantity: 0}\n",
              config_with("include_assembly: true",
                          "include_assembly: true\n      auto_assemble_attribute: auto_assemble"));
    // GIFT-SET has no attribute: it cannot auto-assemble; BOX (2 mugs) can.
    f.upsert("product", "BOX",
             {{"code", "BOX"},
              {"description", "Two mugs"},
              {"is_assembly", true},
              {"tracking", "none"},
              {"attributes", {{"auto_assemble", "true"}}},
              {"bom", json::array{json::object{{"component", "MUG"}, {"quantity", 2}}}}});
    f.job("export_stock", {{"refresh_listings", "true"}});
    f.poll_until_done();
    CHECK(f.listing("GIFT-SET").at("quantity").as_int64() == 0);
    CHECK(f.listing("BOX").at("quantity").as_int64() == 3); // 7 mugs / 2
    CHECK(f.listing("MUG").at("quantity").as_int64() == 7);
}

TEST_CASE("stock_export: explain_stock accounts for every unit of a component in both modes") {
    for (const char* mode : {"can_assemble", "share_split"}) {
        CAPTURE(mode);
        Fixture f(true, "",
                  config_with("include_assembly: true",
                              std::string("include_assembly: true\n      assembly_mode: ") + mode));
        f.job("export_stock");
        f.poll_until_done();
        for (const char* sku : {"MUG", "COASTER", "GIFT-SET"}) {
            CAPTURE(sku);
            const auto report = f.job("explain_stock", {{"sku", sku}});
            const auto& t = report.at("terms").as_object();
            CHECK(t.at("free").as_int64() + t.at("buildable").as_int64() ==
                  t.at("own_share").as_int64() + t.at("used_by_assemblies_total").as_int64() +
                      t.at("unassigned").as_int64());
            CHECK(report.at("accounted").as_int64() == t.at("quantity").as_int64());
            CHECK(t.at("quantity").as_int64() == f.listing(sku).at("quantity").as_int64());
        }
    }
}

TEST_CASE("stock_export: the SKU crop maps Amazon's SKUs to host products for stock and prices") {
    Fixture f(true,
              "  - {sku: AMZ-MUG-UK, marketplace_id: A1F83G8C2ARO7P, channel: DEFAULT, quantity: "
              "2, price: {amount: \"9.99\", currency: GBP}}\n",
              config_with("include_assembly: true",
                          "include_assembly: true\n    products:\n      price_tier: AMAZON-GBP\n"
                          "      sku_crop: {prefix: AMZ-, suffix: -UK}",
                          true));
    f.upsert("price_tier", "RETAIL-GBP",
             {{"name", "RETAIL-GBP"},
              {"currency", "GBP"},
              {"prices", {{"MUG", "12.5"}, {"COASTER", "3.99"}, {"GIFT-SET", "24.50"}}}});
    f.upsert("price_tier", "AMAZON-GBP",
             {{"name", "AMAZON-GBP"}, {"currency", "GBP"}, {"prices", json::object{}}});
    const auto report = f.job("export_stock");
    CHECK(report.at("counts").at("unknown").as_int64() == 0);
    f.poll_until_done();
    const auto cropped = f.listing("AMZ-MUG-UK");
    CHECK(cropped.at("quantity").as_int64() == 7); // MUG's available
    CHECK(cropped.at("price").at("amount").as_string() == "12.50");
    // explain_stock takes Amazon's SKU as well.
    const auto explained = f.job("explain_stock", {{"sku", "AMZ-MUG-UK"}});
    CHECK(explained.at("terms").at("product").as_string() == "MUG");
    // import_prices reads the cropped SKU as MUG too.
    const auto imported = f.job("import_prices");
    CHECK(imported.at("counts").at("unknown").as_int64() == 0);
    auto tier = f.host.entity("price_tier", "AMAZON-GBP");
    REQUIRE(tier.has_value());
    CHECK(json::parse(*tier).at("prices").at("MUG").as_string() == "12.50");
}

TEST_CASE("stock_export: products.sku_attribute barcode maps listings to products by their "
          "barcode field, for stock and price export and price import, at Amazon") {
    Fixture f(true,
              "  - {sku: \"5012345000011\", marketplace_id: A1F83G8C2ARO7P, channel: DEFAULT, "
              "quantity: 2, price: {amount: \"9.99\", currency: GBP}}\n",
              config_with("include_assembly: true",
                          "include_assembly: true\n    products:\n      price_tier: AMAZON-GBP\n"
                          "      sku_attribute: barcode",
                          true));
    // MUG's own barcode field (sdk/docs/entities.md), not an attribute.
    f.upsert("product", "MUG",
             {{"code", "MUG"},
              {"description", "MUG"},
              {"barcode", "5012345000011"},
              {"is_assembly", false},
              {"tracking", "none"}});
    f.upsert("price_tier", "RETAIL-GBP",
             {{"name", "RETAIL-GBP"},
              {"currency", "GBP"},
              {"prices", {{"MUG", "12.5"}, {"COASTER", "3.99"}, {"GIFT-SET", "24.50"}}}});
    f.upsert("price_tier", "AMAZON-GBP",
             {{"name", "AMAZON-GBP"}, {"currency", "GBP"}, {"prices", json::object{}}});
    f.job("export_stock");
    f.poll_until_done();
    const auto by_barcode = f.listing("5012345000011");
    CHECK(by_barcode.at("quantity").as_int64() == 7); // MUG's available
    CHECK(by_barcode.at("price").at("amount").as_string() == "12.50");
    // The listing named by MUG's code is not MUG's any more: Amazon's quantity stays.
    CHECK(f.listing("MUG").at("quantity").as_int64() == 0);
    // A product without a barcode keeps its code as its SKU.
    CHECK(f.listing("COASTER").at("quantity").as_int64() == 6);
    const auto explained = f.job("explain_stock", {{"sku", "5012345000011"}});
    CHECK(explained.at("terms").at("product").as_string() == "MUG");
    // import_prices reads the barcode listing's price into MUG.
    f.job("import_prices");
    auto tier = f.host.entity("price_tier", "AMAZON-GBP");
    REQUIRE(tier.has_value());
    CHECK(json::parse(*tier).at("prices").at("MUG").as_string() == "12.50");
}

TEST_CASE("stock_export: products.identification asin matches listings to products by their "
          "ASIN, for stock and price export, price import and the product list, at Amazon") {
    Fixture f(true,
              "  - {sku: AMZ-BLUE-MUG, asin: B0MUG00001, marketplace_id: A1F83G8C2ARO7P, "
              "channel: DEFAULT, quantity: 2, price: {amount: \"9.99\", currency: GBP}}\n"
              "  - {sku: AMZ-TEA, asin: B0TEA00001, marketplace_id: A1F83G8C2ARO7P, channel: "
              "DEFAULT, quantity: 1}\n"
              "  - {sku: COASTER-NO-ASIN, asin: \"\", marketplace_id: A1F83G8C2ARO7P, channel: "
              "DEFAULT, quantity: 5}\n",
              config_with("include_assembly: true",
                          "include_assembly: true\n    products:\n      price_tier: AMAZON-GBP\n"
                          "      identification: asin",
                          true));
    // MUG holds its ASIN in amazon_asin; B0TEA00001 was created on import (the ASIN its code).
    f.upsert("product", "MUG",
             {{"code", "MUG"},
              {"description", "MUG"},
              {"attributes", {{"amazon_asin", "B0MUG00001"}}},
              {"is_assembly", false},
              {"tracking", "none"}});
    f.product("B0TEA00001");
    f.level("B0TEA00001", "MAIN", 4, 0);
    f.upsert("price_tier", "RETAIL-GBP",
             {{"name", "RETAIL-GBP"},
              {"currency", "GBP"},
              {"prices", {{"MUG", "12.5"}, {"B0TEA00001", "3.20"}, {"COASTER", "3.99"}}}});
    f.upsert("price_tier", "AMAZON-GBP",
             {{"name", "AMAZON-GBP"}, {"currency", "GBP"}, {"prices", json::object{}}});
    const auto report = f.job("export_stock");
    INFO(json::serialize(report));
    f.poll_until_done();
    const auto mug = f.listing("AMZ-BLUE-MUG");
    CHECK(mug.at("quantity").as_int64() == 7); // MUG's available
    CHECK(mug.at("price").at("amount").as_string() == "12.50");
    CHECK(f.listing("AMZ-TEA").at("quantity").as_int64() == 4);
    // Listings whose ASIN no product holds keep Amazon's quantity, even where a product's code
    // equals their Seller SKU (MUG, COASTER), and so does a listing without an ASIN.
    check_untouched(f);
    CHECK(f.listing("COASTER-NO-ASIN").at("quantity").as_int64() == 5);
    // MUG, COASTER, GIFT-SET, FBA-MUG (their ASINs are no product's) and the one without.
    CHECK(report.at("counts").at("unknown").as_int64() == 5);
    const auto explained = f.job("explain_stock", {{"sku", "AMZ-BLUE-MUG"}});
    CHECK(explained.at("terms").at("product").as_string() == "MUG");
    // import_prices reads the ASIN-matched listing's price into MUG.
    const auto imported = f.job("import_prices");
    CHECK(imported.at("counts").at("imported").as_int64() == 2); // MUG and B0TEA00001
    auto tier = f.host.entity("price_tier", "AMAZON-GBP");
    REQUIRE(tier.has_value());
    CHECK(json::parse(*tier).at("prices").at("MUG").as_string() == "12.50");
    CHECK(json::parse(*tier).at("prices").at("B0TEA00001").as_string() == "3.20");
    // list_products shows which product each listing is.
    const auto list = f.job("list_products");
    std::map<std::string, json::value> product_of;
    for (const auto& row : list.at("products").as_array()) {
        product_of[std::string(row.at("sku").as_string())] = row.at("product");
    }
    CHECK(product_of.at("AMZ-BLUE-MUG") == json::value("MUG"));
    CHECK(product_of.at("AMZ-TEA") == json::value("B0TEA00001"));
    CHECK(product_of.at("MUG").is_null());
    CHECK(product_of.at("COASTER-NO-ASIN").is_null());
}

TEST_CASE("stock_export: export_stock full=true sends every listing's values again, so a quantity "
          "changed by hand at Amazon is set back, which a plain export leaves") {
    Fixture f;
    f.job("export_stock");
    f.poll_until_done();
    REQUIRE(f.listing("MUG").at("quantity").as_int64() == 7);
    // Someone sets MUG to 40 in Seller Central.
    f.sandbox.post(
        "/_sandbox/listings",
        json::object{{"listings", json::array{json::object{{"sku", "MUG"},
                                                           {"marketplace_id", "A1F83G8C2ARO7P"},
                                                           {"channel", "DEFAULT"},
                                                           {"quantity", 40}}}}});
    REQUIRE(f.listing("MUG").at("quantity").as_int64() == 40);
    const auto plain = f.job("export_stock");
    CHECK(plain.at("counts").at("sent").as_int64() == 0); // nothing changed on the host's side
    f.poll_until_done();
    CHECK(f.listing("MUG").at("quantity").as_int64() == 40);

    const auto full = f.job("export_stock", {{"full", "true"}});
    INFO(json::serialize(full));
    CHECK(full.at("counts").at("sent").as_int64() == 3); // MUG, COASTER, GIFT-SET (FBA-MUG: FBA)
    CHECK(full.at("counts").at("unchanged").as_int64() == 0);
    f.poll_until_done();
    CHECK(f.listing("MUG").at("quantity").as_int64() == 7);
    CHECK(f.listing("COASTER").at("quantity").as_int64() == 6);
}

TEST_CASE("stock_export: a stock_changed push waiting for a feed names it, and the values go at "
          "the next poll_feeds after Amazon finishes it") {
    // Feeds take 2 sandbox seconds: at 2x, one real second, long enough to push meanwhile.
    Fixture f(true, "", "", "2");
    const auto exported = f.job("export_stock");
    REQUIRE(exported.at("counts").at("feeds").as_int64() == 1);
    const std::string feed_id(
        f.sandbox.state().at("feeds").as_array().at(0).at("feedId").as_string());
    f.level("MUG", "MAIN", 40, 0);
    auto answer = f.connector->handle_event(R"({"kind":"stock_changed","skus":["MUG"]})");
    REQUIRE_MESSAGE(answer.ok(), (answer.ok() ? "" : answer.error().message));
    const auto doc = json::parse(*answer).as_object();
    const auto& store = doc.at("reports").at(0).as_object();
    INFO(json::serialize(store));
    CHECK(store.at("counts").at("waiting").as_int64() >= 1);
    REQUIRE(store.contains("waiting_for_feeds"));
    CHECK(store.at("waiting_for_feeds").at(0).as_string() == feed_id);
    const std::string message(store.at("messages").at(0).as_string());
    CHECK(message.find("feed " + feed_id) != std::string::npos);
    CHECK(message.find("30 s") != std::string::npos);
    CHECK(f.listing("MUG").at("quantity").as_int64() != 40); // not sent yet
    // poll_feeds is offered every 30 s, so it runs within 30 s of Amazon finishing the feed;
    // that run sends the waiting values.
    const auto stores = json::parse(*f.connector->list_stores());
    CHECK(stores.at(0).at("schedules").at("poll_feeds").as_int64() == 30);
    f.poll_until_done();
    CHECK(f.listing("MUG").at("quantity").as_int64() == 40);
}
