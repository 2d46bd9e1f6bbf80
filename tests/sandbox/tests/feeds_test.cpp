// Feed and report lifecycles, the listings feed and acknowledgement feed effects, Listings Items
// and FBA inventory.
#include "test_support.hpp"

using namespace amzconn::testing;
namespace json = boost::json;

namespace {

const json::value* find_listing(const json::value& state, std::string_view sku,
                                std::string_view market) {
    for (const auto& l : state.at("listings").as_array()) {
        if (l.at("sku").as_string() == sku && l.at("marketplace_id").as_string() == market) {
            return &l;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("sandbox: a feed document upload must use the content type declared at creation") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto doc = http.post_json("/feeds/2021-06-30/documents",
                                    R"({"contentType":"application/json; charset=UTF-8"})")
                         .json();
    const auto url = std::string(doc.at("url").as_string());
    CHECK(url.rfind(sandbox->base_url() + "/_documents/", 0) == 0);
    CHECK(http.request("PUT", url, "{}", {"Content-Type: text/plain"}).status == 403);
    CHECK(
        http.request("PUT", url, "{}", {"Content-Type: application/json; charset=UTF-8"}).status ==
        200);
    const auto r = http.post_json(
        "/feeds/2021-06-30/feeds",
        R"({"feedType":"JSON_LISTINGS_FEED","marketplaceIds":["ATVPDKIKX0DER"],"inputFeedDocumentId":"missing"})");
    CHECK(r.status == 400);
}

TEST_CASE("sandbox: a JSON listings feed goes IN_QUEUE then IN_PROGRESS then DONE and updates "
          "stock and price") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const std::string feed =
        R"({"header":{"sellerId":"A2SANDBOXSELLER","version":"2.0"},"messages":[
      {"messageId":1,"sku":"SKU-FBM-1","operationType":"PATCH","productType":"PRODUCT","patches":[
        {"op":"replace","path":"/attributes/fulfillment_availability","value":[{"fulfillment_channel_code":"DEFAULT","quantity":7,"lead_time_to_ship_max_days":4}]},
        {"op":"replace","path":"/attributes/purchasable_offer","value":[{"marketplace_id":"ATVPDKIKX0DER","currency":"USD","our_price":[{"schedule":[{"value_with_tax":21.5}]}]}]}]},
      {"messageId":2,"sku":"NO-SUCH-SKU","operationType":"PATCH","productType":"PRODUCT","patches":[
        {"op":"replace","path":"/attributes/fulfillment_availability","value":[{"fulfillment_channel_code":"DEFAULT","quantity":1}]}]},
      {"messageId":3,"sku":"SKU-FBA-1","operationType":"PATCH","productType":"PRODUCT","patches":[
        {"op":"replace","path":"/attributes/fulfillment_availability","value":[{"fulfillment_channel_code":"DEFAULT","quantity":5}]}]},
      {"messageId":4,"sku":"SKU-FBM-2","operationType":"PATCH","productType":"PRODUCT","patches":[
        {"op":"replace","path":"/attributes/fulfillment_availability","value":[{"fulfillment_channel_code":"DEFAULT","quantity":-3}]}]},
      {"messageId":5,"sku":"SKU-FBM-2","operationType":"PATCH","productType":"LUGGAGE","patches":[
        {"op":"replace","path":"/attributes/fulfillment_availability","value":[{"fulfillment_channel_code":"DEFAULT","quantity":2}]}]}]})";
    const auto id =
        submit_feed(http, "JSON_LISTINGS_FEED", "application/json; charset=UTF-8", feed);
    CHECK(http.get("/feeds/2021-06-30/feeds/" + id).json().at("processingStatus").as_string() ==
          "IN_QUEUE");
    http.control("clock", R"({"advance_s": 1})");
    CHECK(http.get("/feeds/2021-06-30/feeds/" + id).json().at("processingStatus").as_string() ==
          "IN_PROGRESS");
    CHECK(find_listing(http.state(), "SKU-FBM-1", "ATVPDKIKX0DER")->at("quantity").as_int64() ==
          25);
    http.control("clock", R"({"advance_s": 1})");
    const auto status = http.get("/feeds/2021-06-30/feeds/" + id).json();
    CHECK(status.at("processingStatus").as_string() == "DONE");
    const auto report = json::parse(result_document(http, id));
    CHECK(report.at("header").at("feedId").as_string() == id);
    CHECK(report.at("summary").at("messagesProcessed").as_int64() == 5);
    CHECK(report.at("summary").at("messagesAccepted").as_int64() == 1);
    CHECK(report.at("summary").at("messagesInvalid").as_int64() == 4);
    std::set<std::int64_t> failed;
    for (const auto& i : report.at("issues").as_array()) {
        CHECK(i.at("severity").as_string() == "ERROR");
        failed.insert(i.at("messageId").as_int64());
    }
    CHECK(failed == std::set<std::int64_t>{2, 3, 4, 5});
    const auto state = http.state();
    const auto* fbm = find_listing(state, "SKU-FBM-1", "ATVPDKIKX0DER");
    CHECK(fbm->at("quantity").as_int64() == 7);
    CHECK(fbm->at("handling_time").as_int64() == 4);
    CHECK(fbm->at("price").at("amount").as_string() == "21.50");
    CHECK(find_listing(state, "SKU-FBA-1", "ATVPDKIKX0DER")->at("quantity").as_int64() == 40);
    CHECK(find_listing(state, "SKU-FBM-2", "ATVPDKIKX0DER")->at("quantity").as_int64() == 3);
    CHECK(state.at("feeds").at(0).at("status").as_string() == "DONE");
    CHECK(state.at("feeds").at(0).at("report").at("summary").at("messagesAccepted").as_int64() ==
          1);
}

TEST_CASE("sandbox: legacy flat-file feeds end FATAL and an IN_QUEUE feed can be cancelled") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto legacy = submit_feed(http, "POST_FLAT_FILE_PRICEANDQUANTITYONLY_UPDATE_DATA",
                                    "text/tab-separated-values; charset=UTF-8", "sku\tprice\n");
    const auto cancel = submit_feed(http, "JSON_LISTINGS_FEED", "application/json", "{}");
    CHECK(http.request("DELETE", "/feeds/2021-06-30/feeds/" + cancel, "", http.auth_headers())
              .status == 200);
    http.control("clock", R"({"advance_s": 5})");
    CHECK(http.get("/feeds/2021-06-30/feeds/" + legacy).json().at("processingStatus").as_string() ==
          "FATAL");
    CHECK(http.get("/feeds/2021-06-30/feeds/" + cancel).json().at("processingStatus").as_string() ==
          "CANCELLED");
    CHECK(http.request("DELETE", "/feeds/2021-06-30/feeds/" + legacy, "", http.auth_headers())
              .status == 400);
    const auto list = http.get("/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED").json();
    CHECK(list.at("feeds").as_array().size() == 1);
}

TEST_CASE("sandbox: the order acknowledgement feed cancels unshipped orders and items with a valid "
          "reason") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    http.authenticate();
    http.control("orders", R"({"orders":[
      {"orderId":"111-0000001-0000001","createdTime":"2025-12-30T10:00:00Z","lastUpdatedTime":"2025-12-30T10:00:00Z",
       "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
       "fulfillment":{"fulfillmentStatus":"UNSHIPPED","fulfilledBy":"MERCHANT"},
       "orderItems":[{"orderItemId":"A1","quantityOrdered":1,"product":{"sellerSku":"SKU-FBM-1"}},
                     {"orderItemId":"A2","quantityOrdered":1,"product":{"sellerSku":"SKU-FBM-2"}}]},
      {"orderId":"111-0000002-0000002","createdTime":"2025-12-30T10:00:00Z","lastUpdatedTime":"2025-12-30T10:00:00Z",
       "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
       "fulfillment":{"fulfillmentStatus":"UNSHIPPED","fulfilledBy":"MERCHANT"},
       "orderItems":[{"orderItemId":"B1","quantityOrdered":2,"product":{"sellerSku":"SKU-FBM-1"}}]},
      {"orderId":"111-0000003-0000003","createdTime":"2025-12-30T10:00:00Z","lastUpdatedTime":"2025-12-30T10:00:00Z",
       "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
       "fulfillment":{"fulfillmentStatus":"SHIPPED","fulfilledBy":"MERCHANT"},
       "orderItems":[{"orderItemId":"C1","quantityOrdered":1,"product":{"sellerSku":"SKU-FBM-1"},
                      "fulfillment":{"quantityFulfilled":1,"quantityUnfulfilled":0}}]}]})");
    const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope><Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>A2SANDBOXSELLER</MerchantIdentifier></Header>
<MessageType>OrderAcknowledgement</MessageType>
<Message><MessageID>1</MessageID><OrderAcknowledgement><AmazonOrderID>111-0000001-0000001</AmazonOrderID><StatusCode>Failure</StatusCode>
  <Item><AmazonOrderItemCode>A2</AmazonOrderItemCode><CancelReason>NoInventory</CancelReason></Item></OrderAcknowledgement></Message>
<Message><MessageID>2</MessageID><OrderAcknowledgement><AmazonOrderID>111-0000002-0000002</AmazonOrderID><StatusCode>Failure</StatusCode>
  <Item><AmazonOrderItemCode>B1</AmazonOrderItemCode><CancelReason>BuyerCanceled</CancelReason></Item></OrderAcknowledgement></Message>
<Message><MessageID>3</MessageID><OrderAcknowledgement><AmazonOrderID>111-0000003-0000003</AmazonOrderID><StatusCode>Failure</StatusCode>
  <Item><AmazonOrderItemCode>C1</AmazonOrderItemCode><CancelReason>NoInventory</CancelReason></Item></OrderAcknowledgement></Message>
<Message><MessageID>4</MessageID><OrderAcknowledgement><AmazonOrderID>111-0000002-0000002</AmazonOrderID><StatusCode>Failure</StatusCode>
  <Item><AmazonOrderItemCode>B1</AmazonOrderItemCode><CancelReason>BecauseISaidSo</CancelReason></Item></OrderAcknowledgement></Message>
</AmazonEnvelope>)";
    const auto id =
        submit_feed(http, "POST_ORDER_ACKNOWLEDGEMENT_DATA", "text/xml; charset=UTF-8", xml);
    http.control("clock", R"({"advance_s": 3})");
    CHECK(http.get("/feeds/2021-06-30/feeds/" + id).json().at("processingStatus").as_string() ==
          "DONE");
    const auto report = result_document(http, id);
    CHECK(report.find("<MessagesProcessed>4</MessagesProcessed>") != std::string::npos);
    CHECK(report.find("<MessagesSuccessful>2</MessagesSuccessful>") != std::string::npos);
    CHECK(report.find("BecauseISaidSo") != std::string::npos);
    const auto state = http.state();
    std::map<std::string, std::string> status;
    for (const auto& o : state.at("orders").as_array()) {
        status[std::string(o.at("orderId").as_string())] = std::string(o.at("status").as_string());
    }
    CHECK(status["111-0000001-0000001"] == "UNSHIPPED"); // one of two items cancelled
    CHECK(status["111-0000002-0000002"] == "CANCELLED");
    CHECK(status["111-0000003-0000003"] == "SHIPPED");
    const auto order =
        http.get("/orders/2026-01-01/orders/111-0000001-0000001?includedData=CANCELLATION").json();
    const auto& items = order.at("order").at("orderItems").as_array();
    CHECK(
        items.at(1).at("cancellation").at("cancellationExecution").at("cancelReason").as_string() ==
        "NoInventory");
    CHECK(!items.at(0).as_object().contains("cancellation"));
}

TEST_CASE(
    "sandbox: reports go IN_QUEUE to DONE with a gzip TSV document and no data means CANCELLED") {
    auto sandbox = start_sandbox(virtual_args({"--generate", "50", "--seed", "4"}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    auto r = http.post_json(
        "/reports/2021-06-30/reports",
        R"({"reportType":"GET_MERCHANT_LISTINGS_ALL_DATA","marketplaceIds":["ATVPDKIKX0DER"]})");
    REQUIRE(r.status == 202);
    const auto listings = std::string(r.json().at("reportId").as_string());
    r = http.post_json(
        "/reports/2021-06-30/reports",
        R"({"reportType":"GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE","marketplaceIds":["ATVPDKIKX0DER"]})");
    const auto returns = std::string(r.json().at("reportId").as_string());
    r = http.post_json(
        "/reports/2021-06-30/reports",
        R"({"reportType":"GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL","marketplaceIds":["ATVPDKIKX0DER"],"dataStartTime":"2025-12-01T00:00:00Z"})");
    const auto orders = std::string(r.json().at("reportId").as_string());
    CHECK(http.post_json("/reports/2021-06-30/reports",
                         R"({"reportType":"NOPE","marketplaceIds":["ATVPDKIKX0DER"]})")
              .status == 400);
    CHECK(http.get("/reports/2021-06-30/reports/" + listings)
              .json()
              .at("processingStatus")
              .as_string() == "IN_QUEUE");
    http.control("clock", R"({"advance_s": 3})");
    const auto done = http.get("/reports/2021-06-30/reports/" + listings).json();
    REQUIRE(done.at("processingStatus").as_string() == "DONE");
    const auto doc = http.get("/reports/2021-06-30/documents/" +
                              std::string(done.at("reportDocumentId").as_string()))
                         .json();
    CHECK(doc.at("compressionAlgorithm").as_string() == "GZIP");
    const auto tsv = gunzip(http.request("GET", std::string(doc.at("url").as_string())).body);
    CHECK(tsv.rfind("item-name\titem-description\tlisting-id\tseller-sku", 0) == 0);
    CHECK(tsv.find("SKU-FBM-1") != std::string::npos);
    CHECK(tsv.find("SKU-FBA-EU") == std::string::npos); // another marketplace
    CHECK(http.get("/reports/2021-06-30/reports/" + returns)
              .json()
              .at("processingStatus")
              .as_string() == "CANCELLED");
    CHECK(http.get("/reports/2021-06-30/reports/" + orders)
              .json()
              .at("processingStatus")
              .as_string() == "DONE");
}

TEST_CASE("sandbox: getListingsItem shows offers and availability and patchListingsItem applies or "
          "rejects") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const std::string base = "/listings/2021-08-01/items/A2SANDBOXSELLER/";
    auto r = http.get(base + "SKU-FBM-1?marketplaceIds=ATVPDKIKX0DER&includedData=summaries,offers,"
                             "fulfillmentAvailability");
    REQUIRE(r.status == 200);
    CHECK(r.json().at("offers").at(0).at("price").at("amount").as_string() == "19.99");
    CHECK(r.json().at("fulfillmentAvailability").at(0).at("quantity").as_int64() == 25);
    CHECK(http.get(base + "NOPE?marketplaceIds=ATVPDKIKX0DER").status == 404);
    CHECK(http.get("/listings/2021-08-01/items/OTHERSELLER/SKU-FBM-1?marketplaceIds=ATVPDKIKX0DER")
              .status == 403);
    const auto patch = [&](const std::string& sku, int qty, const std::string& mode = "") {
        return http.request(
            "PATCH", base + sku + "?marketplaceIds=ATVPDKIKX0DER" + mode,
            R"({"productType":"PRODUCT","patches":[{"op":"replace","path":"/attributes/fulfillment_availability","value":[{"fulfillment_channel_code":"DEFAULT","quantity":)" +
                std::to_string(qty) + "}]}]}",
            {http.auth_headers()[0], "Content-Type: application/json"});
    };
    r = patch("SKU-FBM-1", 9, "&mode=VALIDATION_PREVIEW");
    CHECK(r.json().at("status").as_string() == "VALID");
    CHECK(find_listing(http.state(), "SKU-FBM-1", "ATVPDKIKX0DER")->at("quantity").as_int64() ==
          25);
    r = patch("SKU-FBM-1", 9);
    CHECK(r.json().at("status").as_string() == "ACCEPTED");
    CHECK(find_listing(http.state(), "SKU-FBM-1", "ATVPDKIKX0DER")->at("quantity").as_int64() == 9);
    r = patch("SKU-FBA-1", 9);
    CHECK(r.json().at("status").as_string() == "INVALID");
    CHECK(!r.json().at("issues").as_array().empty());
}

TEST_CASE(
    "sandbox: FBA inventory summaries list only Amazon-fulfilled listings of the marketplace") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    http.authenticate();
    auto r = http.get("/fba/inventory/v1/"
                      "summaries?granularityType=Marketplace&granularityId=ATVPDKIKX0DER&"
                      "marketplaceIds=ATVPDKIKX0DER&details=true");
    REQUIRE(r.status == 200);
    const auto doc = r.json();
    const auto& list = doc.at("payload").at("inventorySummaries").as_array();
    REQUIRE(list.size() == 1);
    CHECK(list[0].at("sellerSku").as_string() == "SKU-FBA-1");
    CHECK(list[0].at("inventoryDetails").at("fulfillableQuantity").as_int64() == 40);
    CHECK(http.get("/fba/inventory/v1/"
                   "summaries?granularityType=Marketplace&marketplaceIds=ATVPDKIKX0DER")
              .status == 400);
}

TEST_CASE("sandbox: returns from the scenario appear in the MFN and FBA returns reports") {
    const auto scenario = write_temp("returns.yaml", R"(seller_id: A2SANDBOXSELLER
marketplaces: [US]
listings:
  - {sku: R-1, asin: B0RETURN01, marketplace_id: US, channel: DEFAULT, quantity: 1, price: {amount: "5.00", currency: USD}}
returns:
  - {order_id: 111-7777777-0000001, sku: R-1, asin: B0RETURN01, quantity: 1, reason: DEFECTIVE, channel: MFN, return_date: "2025-12-20T10:00:00Z"}
  - {order_id: 111-7777777-0000002, sku: R-2, asin: B0RETURN02, quantity: 2, reason: UNWANTED_ITEM, channel: AFN, return_date: "2025-12-21T10:00:00Z"}
)");
    auto sandbox = start_sandbox(virtual_args({"--scenario", scenario}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    std::map<std::string, std::string> ids;
    for (const auto* type : {"GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE",
                             "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA"}) {
        const auto r = http.post_json(
            "/reports/2021-06-30/reports",
            std::string(R"({"reportType":")") + type +
                R"(","marketplaceIds":["ATVPDKIKX0DER"],"dataStartTime":"2025-12-01T00:00:00Z"})");
        REQUIRE(r.status == 202);
        ids[type] = std::string(r.json().at("reportId").as_string());
    }
    http.control("clock", R"({"advance_s": 3})");
    std::map<std::string, std::string> tsv;
    for (const auto& [type, id] : ids) {
        const auto report = http.get("/reports/2021-06-30/reports/" + id).json();
        REQUIRE(report.at("processingStatus").as_string() == "DONE");
        const auto doc = http.get("/reports/2021-06-30/documents/" +
                                  std::string(report.at("reportDocumentId").as_string()))
                             .json();
        tsv[type] = gunzip(http.request("GET", std::string(doc.at("url").as_string())).body);
    }
    CHECK(tsv["GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE"].find("111-7777777-0000001") !=
          std::string::npos);
    CHECK(tsv["GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE"].find("111-7777777-0000002") ==
          std::string::npos);
    CHECK(tsv["GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA"].find("111-7777777-0000002") !=
          std::string::npos);
    CHECK(tsv["GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA"].find("UNWANTED_ITEM") !=
          std::string::npos);
}
