// Price export and import end to end: the real plugin over the in-memory host against the real
// sandbox, whose listings (price, quantity) are Amazon's side of the truth.
#include "fixture.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

namespace json = boost::json;
using amzconn::LogLevel;
using amzconn::stock_tests::Fixture;

namespace {

// The stock test config plus price export from RETAIL-GBP for the UK and, optionally, the tier
// that receives Amazon's prices.
std::string price_config(bool stock_enabled, const std::string& import_tier = "") {
    std::string yaml = amzconn::stock_tests::config(stock_enabled);
    yaml += "    prices:\n      enabled: true\n      tiers: {UK: RETAIL-GBP}\n";
    if (!import_tier.empty()) {
        yaml += "    products:\n      price_tier: " + import_tier + "\n";
    }
    return yaml;
}

void tier(Fixture& f, const std::string& name, const json::object& prices) {
    f.upsert("price_tier", name, {{"name", name}, {"currency", "GBP"}, {"prices", prices}});
}

json::object retail_prices() {
    return {{"MUG", "12.5"}, {"COASTER", "3.99"}, {"GIFT-SET", "24.50"}, {"FBA-MUG", "11"}};
}

std::string price_of(Fixture& f, const std::string& sku) {
    const auto listing = f.listing(sku);
    CHECK(listing.at("price").at("currency").as_string() == "GBP");
    return std::string(listing.at("price").at("amount").as_string());
}

json::object tier_prices(Fixture& f, const std::string& name) {
    auto doc = f.host.entity("price_tier", name);
    REQUIRE(doc.has_value());
    return json::parse(*doc).as_object().at("prices").as_object();
}

} // namespace

TEST_CASE(
    "stock_export: after export_prices every listing shows its tier price, FBM and FBA alike") {
    Fixture f(true, "", price_config(true));
    tier(f, "RETAIL-GBP", retail_prices());
    const auto report = f.job("export_prices");
    CHECK(report.at("status").as_string() == "ok");
    CHECK(report.at("counts").at("prices_sent").as_int64() == 4);
    CHECK(report.at("counts").at("quantities_sent").as_int64() == 3); // FBM only
    f.poll_until_done();
    CHECK(price_of(f, "MUG") == "12.50");
    CHECK(price_of(f, "COASTER") == "3.99");
    CHECK(price_of(f, "GIFT-SET") == "24.50");
    CHECK(price_of(f, "FBA-MUG") == "11.00");
    CHECK(f.listing("FBA-MUG").at("quantity").as_int64() == 17); // Amazon's own stock untouched

    // A second pass finds everything acknowledged and calls Amazon for nothing.
    const auto before = f.sandbox.calls("createFeed") + f.sandbox.calls("patchListingsItem");
    const auto again = f.job("export_prices");
    CHECK(again.at("counts").at("sent").as_int64() == 0);
    CHECK(again.at("counts").at("unchanged").as_int64() == 4);
    CHECK(f.sandbox.calls("createFeed") + f.sandbox.calls("patchListingsItem") == before);
}

TEST_CASE("stock_export: a tier price change goes out as one purchasable_offer") {
    Fixture f(true, "", price_config(true));
    tier(f, "RETAIL-GBP", retail_prices());
    f.job("export_prices");
    f.poll_until_done();
    auto changed = retail_prices();
    changed["MUG"] = "13.00";
    tier(f, "RETAIL-GBP", changed);
    const auto report = f.job("export_prices");
    CHECK(report.at("counts").at("sent").as_int64() == 1);
    CHECK(report.at("counts").at("prices_sent").as_int64() == 1);
    CHECK(report.at("counts").at("quantities_sent").as_int64() == 0);
    CHECK(report.at("counts").at("feeds").as_int64() == 1);
    const auto polled = f.poll_until_done();
    CHECK(polled.at("counts").at("accepted").as_int64() == 1);
    CHECK(price_of(f, "MUG") == "13.00");
    CHECK(price_of(f, "COASTER") == "3.99");
}

TEST_CASE("stock_export: the price travels with a stock export") {
    Fixture f(true, "", price_config(true));
    tier(f, "RETAIL-GBP", retail_prices());
    const auto report = f.job("export_stock");
    CHECK(report.at("counts").at("prices_sent").as_int64() == 4);
    f.poll_until_done();
    CHECK(price_of(f, "GIFT-SET") == "24.50");
}

TEST_CASE("stock_export: with stock export off, export_prices sends prices and no quantity") {
    Fixture f(false, "", price_config(false));
    tier(f, "RETAIL-GBP", retail_prices());
    const auto report = f.job("export_prices");
    CHECK(report.at("counts").at("prices_sent").as_int64() == 4);
    CHECK(report.at("counts").at("quantities_sent").as_int64() == 0);
    f.poll_until_done();
    CHECK(price_of(f, "MUG") == "12.50");
    CHECK(f.listing("MUG").at("quantity").as_int64() == 0);
    CHECK(f.listing("COASTER").at("quantity").as_int64() == 50);
}

TEST_CASE("stock_export: a product missing from the tier is an ERROR naming tier, product and "
          "marketplace, and its quantity still goes") {
    Fixture f(true, "", price_config(true));
    auto prices = retail_prices();
    prices.erase("COASTER");
    tier(f, "RETAIL-GBP", prices);
    const auto report = f.job("export_prices");
    CHECK(report.at("status").as_string() == "partial");
    CHECK(report.at("counts").at("price_errors").as_int64() == 1);
    CHECK(report.at("counts").at("prices_sent").as_int64() == 3);
    CHECK(report.at("counts").at("quantities_sent").as_int64() == 3);
    bool named = false;
    for (const auto& line : f.host.log_lines()) {
        named = named || (line.level == LogLevel::error &&
                          line.message.find("COASTER") != std::string::npos &&
                          line.message.find("RETAIL-GBP") != std::string::npos &&
                          line.message.find("(UK)") != std::string::npos &&
                          line.message.find("add its price") != std::string::npos);
    }
    CHECK(named);
    f.poll_until_done();
    CHECK(f.listing("COASTER").at("quantity").as_int64() != 50); // the host's value went out
    CHECK(price_of(f, "COASTER") == "10.00");                    // Amazon's price untouched
    CHECK(price_of(f, "MUG") == "12.50");
}

TEST_CASE(
    "stock_export: import_prices writes Amazon's prices into the tier and leaves other products "
    "alone") {
    Fixture f(true,
              "  - {sku: TEA, marketplace_id: A1F83G8C2ARO7P, channel: DEFAULT, quantity: 3, "
              "price: {amount: \"4.5\", currency: GBP}}\n"
              "  - {sku: NOPE, marketplace_id: A1F83G8C2ARO7P, channel: DEFAULT, quantity: 1}\n",
              price_config(true, "AMAZON-GBP"));
    f.product("TEA");
    f.product("OTHER");
    tier(f, "RETAIL-GBP", retail_prices());
    tier(f, "AMAZON-GBP", {{"MUG", "10"}, {"TEA", "3.00"}, {"OTHER", "7.77"}});
    const auto report = f.job("import_prices");
    CHECK(report.at("status").as_string() == "ok");
    CHECK(report.at("counts").at("imported").as_int64() == 4);  // COASTER GIFT-SET FBA-MUG TEA
    CHECK(report.at("counts").at("unchanged").as_int64() == 1); // MUG: 10 == 10.00
    CHECK(report.at("counts").at("unknown").as_int64() == 1);   // NOPE
    const auto prices = tier_prices(f, "AMAZON-GBP");
    CHECK(prices.at("TEA").as_string() == "4.50");
    CHECK(prices.at("COASTER").as_string() == "10.00");
    CHECK(prices.at("OTHER").as_string() == "7.77"); // not listed on Amazon: kept
    CHECK(prices.size() == 6);
    CHECK(tier_prices(f, "RETAIL-GBP").at("MUG").as_string() == "12.5"); // export tier untouched
    // Nothing changed since: a second import writes nothing new.
    const auto again = f.job("import_prices");
    CHECK(again.at("counts").at("imported").as_int64() == 0);
    CHECK(again.at("counts").at("unchanged").as_int64() == 5);
}

TEST_CASE("stock_export: importing into a tier the store also exports is refused as a loop") {
    Fixture f(true, "", price_config(true, "RETAIL-GBP"));
    tier(f, "RETAIL-GBP", retail_prices());
    const auto before = f.sandbox.total_calls();
    auto report = f.connector->run_job("import_prices", "uk1", "{}");
    REQUIRE_FALSE(report.ok());
    CHECK(report.status() == amzconn::Status::bad_input);
    CHECK(report.error().message.find("loop") != std::string::npos);
    CHECK(report.error().message.find("products.price_tier") != std::string::npos);
    CHECK(f.sandbox.total_calls() == before);
    CHECK(tier_prices(f, "RETAIL-GBP").at("MUG").as_string() == "12.5");
}
