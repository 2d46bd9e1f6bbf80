// Listings as the products and stock engines read them: getListingsItem's includedData sets
// (attributes with title, identifiers and handling time), the merchant listings report's columns,
// the state tests read, and getListingsItem's usage plan.
#include "test_support.hpp"

using namespace amzconn::testing;
namespace json = boost::json;

namespace {

constexpr const char* k_listings_scenario = R"(seller_id: A2SANDBOXSELLER
marketplaces: [US, DE]
listings:
  - {sku: KETTLE-1, asin: B0KETTLE01, marketplace_id: US, channel: DEFAULT, quantity: 6, handling_time: 3,
     title: "Blue Kettle 1.7 l", price: {amount: "39.90", currency: USD},
     identifiers: [{type: EAN, value: "4006381333931"}, {type: UPC, value: "012345678905"}]}
  - {sku: KETTLE-1, asin: B0KETTLE01, marketplace_id: DE, channel: AMAZON_EU, quantity: 9,
     title: "Blauer Wasserkocher", price: {amount: "34.90", currency: EUR}}
  - {sku: MUG-1, asin: B0MUG00001, marketplace_id: US, channel: DEFAULT, quantity: 0, title: Mug}
)";

const std::string k_base = "/listings/2021-08-01/items/A2SANDBOXSELLER/";

const json::value* listing(const json::value& state, std::string_view sku, std::string_view m) {
    for (const auto& l : state.at("listings").as_array()) {
        if (l.at("sku").as_string() == sku && l.at("marketplace_id").as_string() == m) {
            return &l;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("sandbox: getListingsItem returns attributes with title, identifiers and handling time "
          "when includedData asks for them") {
    auto sandbox =
        start_sandbox(virtual_args({"--scenario", write_temp("l1.yaml", k_listings_scenario)}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    auto r = http.get(k_base + "KETTLE-1?marketplaceIds=ATVPDKIKX0DER&includedData=summaries,"
                               "attributes,offers,fulfillmentAvailability");
    REQUIRE(r.status == 200);
    const auto item = r.json();
    const auto& a = item.at("attributes");
    CHECK(a.at("item_name").at(0).at("value").as_string() == "Blue Kettle 1.7 l");
    CHECK(a.at("item_name").at(0).at("marketplace_id").as_string() == "ATVPDKIKX0DER");
    CHECK(a.at("merchant_suggested_asin").at(0).at("value").as_string() == "B0KETTLE01");
    CHECK(a.at("externally_assigned_product_identifier").as_array().size() == 2);
    CHECK(a.at("externally_assigned_product_identifier").at(0).at("type").as_string() == "ean");
    CHECK(a.at("externally_assigned_product_identifier").at(0).at("value").as_string() ==
          "4006381333931");
    CHECK(a.at("fulfillment_availability").at(0).at("lead_time_to_ship_max_days").as_int64() == 3);
    CHECK(a.at("fulfillment_availability").at(0).at("quantity").as_int64() == 6);
    CHECK(a.at("purchasable_offer").at(0).at("currency").as_string() == "USD");
    CHECK(item.at("summaries").at(0).at("itemName").as_string() == "Blue Kettle 1.7 l");
    CHECK(item.at("summaries").at(0).at("asin").as_string() == "B0KETTLE01");
    CHECK(item.at("offers").at(0).at("price").at("amount").as_string() == "39.90");
    // Only what includedData names; summaries by default.
    r = http.get(k_base + "KETTLE-1?marketplaceIds=ATVPDKIKX0DER");
    CHECK(r.json().as_object().contains("summaries"));
    CHECK(!r.json().as_object().contains("attributes"));
    CHECK(!r.json().as_object().contains("offers"));
    // An FBA listing: an fnSku and no merchant quantity or handling time.
    r = http.get(k_base +
                 "KETTLE-1?marketplaceIds=A1PA6795UKMFR9&includedData=summaries,attributes");
    CHECK(r.json().at("summaries").at(0).at("fnSku").as_string() == "X00ETTLE01");
    CHECK(!r.json()
               .at("attributes")
               .at("fulfillment_availability")
               .at(0)
               .as_object()
               .contains("lead_time_to_ship_max_days"));
    CHECK(
        http.get(k_base + "KETTLE-1?marketplaceIds=ATVPDKIKX0DER&includedData=everything").status ==
        400);
}

TEST_CASE("sandbox: the merchant listings report has Amazon's columns with title, ASIN and "
          "product id") {
    auto sandbox =
        start_sandbox(virtual_args({"--scenario", write_temp("l2.yaml", k_listings_scenario)}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto r = http.post_json(
        "/reports/2021-06-30/reports",
        R"({"reportType":"GET_MERCHANT_LISTINGS_ALL_DATA","marketplaceIds":["ATVPDKIKX0DER"]})");
    REQUIRE(r.status == 202);
    finish_jobs(http);
    const auto report =
        http.get("/reports/2021-06-30/reports/" + std::string(r.json().at("reportId").as_string()))
            .json();
    REQUIRE(report.at("processingStatus").as_string() == "DONE");
    const auto doc = http.get("/reports/2021-06-30/documents/" +
                              std::string(report.at("reportDocumentId").as_string()))
                         .json();
    const auto tsv = gunzip(http.request("GET", std::string(doc.at("url").as_string())).body);
    const auto header = tsv.substr(0, tsv.find('\n'));
    CHECK(header == "item-name\titem-description\tlisting-id\tseller-sku\tprice\tquantity\t"
                    "open-date\timage-url\titem-is-marketplace\tproduct-id-type\t"
                    "zshop-shipping-fee\titem-note\titem-condition\tzshop-category1\t"
                    "zshop-browse-path\tzshop-storefront-feature\tasin1\tasin2\tasin3\t"
                    "will-ship-internationally\texpedited-shipping\tzshop-boldface\tproduct-id\t"
                    "bid-for-featured-placement\tadd-delete\tpending-quantity\t"
                    "fulfillment-channel\tmerchant-shipping-group\tstatus");
    const auto kettle = tsv.substr(tsv.find("Blue Kettle"));
    const auto row = kettle.substr(0, kettle.find('\n'));
    std::vector<std::string> cells;
    for (std::size_t start = 0;;) {
        const auto tab = row.find('\t', start);
        cells.push_back(row.substr(start, tab == std::string::npos ? tab : tab - start));
        if (tab == std::string::npos) {
            break;
        }
        start = tab + 1;
    }
    REQUIRE(cells.size() == 29);
    CHECK(cells[3] == "KETTLE-1");
    CHECK(cells[4] == "39.90");
    CHECK(cells[5] == "6");
    CHECK(cells[6] == "2026-01-01 00:00:00 UTC");
    CHECK(cells[9] == "4"); // EAN
    CHECK(cells[16] == "B0KETTLE01");
    CHECK(cells[22] == "4006381333931");
    CHECK(cells[26] == "DEFAULT");
    CHECK(cells[28] == "Active");
    CHECK(tsv.find("Mug") != std::string::npos);
    CHECK(tsv.find("\tInactive\n") != std::string::npos);        // no stock
    CHECK(tsv.find("Blauer Wasserkocher") == std::string::npos); // another marketplace
}

TEST_CASE("sandbox: the state shows each listing's title and handling time as feeds change them") {
    auto sandbox =
        start_sandbox(virtual_args({"--scenario", write_temp("l3.yaml", k_listings_scenario)}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    auto state = http.state();
    const auto* kettle = listing(state, "KETTLE-1", "ATVPDKIKX0DER");
    REQUIRE(kettle != nullptr);
    CHECK(kettle->at("title").as_string() == "Blue Kettle 1.7 l");
    CHECK(kettle->at("handling_time").as_int64() == 3);
    CHECK(kettle->at("identifiers").at(0).at("value").as_string() == "4006381333931");
    const auto id =
        submit_feed(http, "JSON_LISTINGS_FEED", "application/json",
                    R"({"header":{"sellerId":"A2SANDBOXSELLER","version":"2.0"},"messages":[
      {"messageId":1,"sku":"KETTLE-1","operationType":"PATCH","productType":"PRODUCT","patches":[
        {"op":"replace","path":"/attributes/fulfillment_availability","value":[{"fulfillment_channel_code":"DEFAULT","quantity":2,"lead_time_to_ship_max_days":5}]}]}]})");
    finish_jobs(http);
    CHECK(http.get("/feeds/2021-06-30/feeds/" + id).json().at("processingStatus") == "DONE");
    state = http.state();
    CHECK(listing(state, "KETTLE-1", "ATVPDKIKX0DER")->at("handling_time").as_int64() == 5);
    const auto item = http.get(k_base + "KETTLE-1?marketplaceIds=ATVPDKIKX0DER&includedData="
                                        "attributes")
                          .json();
    CHECK(item.at("attributes")
              .at("fulfillment_availability")
              .at(0)
              .at("lead_time_to_ship_max_days")
              .as_int64() == 5);
    CHECK(http.request("POST", "/_sandbox/listings",
                       R"({"listings":[{"sku":"X","identifiers":[{"type":"SKU","value":"1"}]}]})",
                       {"Content-Type: application/json"})
              .status == 400);
}

TEST_CASE("sandbox: getListingsItem allows a burst of 10 and refills 5 per second") {
    auto sandbox = start_sandbox(virtual_args({"--rate-limits", "documented"}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto path = k_base + "SKU-FBM-1?marketplaceIds=ATVPDKIKX0DER";
    for (int i = 0; i < 10; ++i) {
        REQUIRE(http.get(path).status == 200);
    }
    CHECK(http.get(path).status == 429);
    http.control("clock", R"({"advance_s": 0.2})");
    const auto r = http.get(path);
    CHECK(r.status == 200);
    CHECK(r.header("x-amzn-ratelimit-limit") == "5");
    CHECK(http.get(path).status == 429);
}
