// The order acknowledgement feed (seller cancellations, message by message, honouring each item's
// Quantity), its XML processing report, and buyer cancellation requests.
#include "test_support.hpp"

using namespace amzconn::testing;
namespace json = boost::json;

namespace {

constexpr const char* k_cancel_orders = R"({"orders":[
  {"orderId":"111-0000001-0000001","createdTime":"2025-12-30T10:00:00Z","lastUpdatedTime":"2025-12-30T11:00:00Z",
   "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
   "fulfillment":{"fulfillmentStatus":"UNSHIPPED","fulfilledBy":"MERCHANT"},
   "orderItems":[{"orderItemId":"11","quantityOrdered":3,"product":{"sellerSku":"SKU-FBM-1"}},
                 {"orderItemId":"12","quantityOrdered":1,"product":{"sellerSku":"SKU-FBM-2"}}]},
  {"orderId":"111-0000002-0000002","createdTime":"2025-12-30T10:00:00Z","lastUpdatedTime":"2025-12-30T11:00:00Z",
   "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
   "fulfillment":{"fulfillmentStatus":"UNSHIPPED","fulfilledBy":"AMAZON"},
   "orderItems":[{"orderItemId":"21","quantityOrdered":1,"product":{"sellerSku":"SKU-FBA-1"}}]},
  {"orderId":"111-0000003-0000003","createdTime":"2025-12-30T10:00:00Z","lastUpdatedTime":"2025-12-30T11:00:00Z",
   "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
   "fulfillment":{"fulfillmentStatus":"PARTIALLY_SHIPPED","fulfilledBy":"MERCHANT"},
   "orderItems":[{"orderItemId":"31","quantityOrdered":2,"product":{"sellerSku":"SKU-FBM-1"},
                  "fulfillment":{"quantityFulfilled":1,"quantityUnfulfilled":1}},
                 {"orderItemId":"32","quantityOrdered":1,"product":{"sellerSku":"SKU-FBM-2"},
                  "fulfillment":{"quantityFulfilled":0,"quantityUnfulfilled":1}}]}]})";

std::string envelope(const std::string& messages) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
<Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>A2SANDBOXSELLER</MerchantIdentifier></Header>
<MessageType>OrderAcknowledgement</MessageType>
)" + messages +
           "</AmazonEnvelope>";
}

std::string message(int id, const std::string& order, const std::string& items,
                    const std::string& status = "Failure") {
    return "<Message><MessageID>" + std::to_string(id) +
           "</MessageID><OrderAcknowledgement><AmazonOrderID>" + order +
           "</AmazonOrderID><StatusCode>" + status + "</StatusCode>" + items +
           "</OrderAcknowledgement></Message>\n";
}

std::string item(const std::string& id, const std::string& reason, int quantity = 0) {
    return "<Item><AmazonOrderItemCode>" + id + "</AmazonOrderItemCode>" +
           (reason.empty() ? "" : "<CancelReason>" + reason + "</CancelReason>") +
           (quantity > 0 ? "<Quantity>" + std::to_string(quantity) + "</Quantity>" : "") +
           "</Item>";
}

struct CancelFixture {
    std::unique_ptr<SandboxProcess> sandbox = start_sandbox(virtual_args());
    HttpClient http{sandbox->base_url()};
    CancelFixture() {
        http.authenticate();
        http.control("orders", k_cancel_orders);
    }
    // Submits the messages, lets the feed finish, returns the processing report.
    std::string acknowledge(const std::string& messages) {
        const auto id = submit_feed(http, "POST_ORDER_ACKNOWLEDGEMENT_DATA",
                                    "text/xml; charset=UTF-8", envelope(messages));
        finish_jobs(http);
        const auto feed = http.get("/feeds/2021-06-30/feeds/" + id).json();
        CHECK(feed.at("processingStatus").as_string() == "DONE");
        return result_document(http, id);
    }
};

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The <Result> of one message, or "".
std::string result_of(const std::string& report, int message_id) {
    const auto at = report.find("<Result><MessageID>" + std::to_string(message_id) + "<");
    return at == std::string::npos ? "" : report.substr(at, report.find("</Result>", at) - at);
}

} // namespace

TEST_CASE("sandbox: the acknowledgement feed cancels each item's Quantity and the order is "
          "cancelled only when nothing is left") {
    CancelFixture f;
    const auto id = "111-0000001-0000001";
    auto report = f.acknowledge(message(1, id, item("11", "NoInventory", 1)));
    CHECK(has(report, "<MessagesProcessed>1</MessagesProcessed>"));
    CHECK(has(report, "<MessagesSuccessful>1</MessagesSuccessful>"));
    auto state = f.http.state();
    CHECK(order_state(state, id).at("status").as_string() == "UNSHIPPED");
    const auto& items = order_state(state, id).at("items");
    CHECK(items.at(0).at("quantityCancelled").as_int64() == 1);
    CHECK(items.at(0).at("quantityUnshipped").as_int64() == 2);
    CHECK(items.at(1).at("quantityCancelled").as_int64() == 0);
    CHECK(order_state(state, id).at("cancellations").at(0).at("items").at(0).at("quantity") == 1);
    const auto order = f.http
                           .get("/orders/2026-01-01/orders/" + std::string(id) +
                                "?includedData=CANCELLATION,"
                                "FULFILLMENT")
                           .json();
    const auto& line = order.at("order").at("orderItems").at(0);
    CHECK(line.at("fulfillment").at("quantityUnfulfilled").as_int64() == 2);
    CHECK(line.at("cancellation").at("cancellationExecution").at("cancelledBy").as_string() ==
          "MERCHANT");
    CHECK(line.at("cancellation").at("cancellationExecution").at("cancelReason").as_string() ==
          "NoInventory");
    // Item 11 without Quantity: its two remaining units; then item 12: nothing is left.
    report = f.acknowledge(message(1, id, item("11", "NoInventory") + item("12", "BuyerCanceled")));
    CHECK(has(report, "<MessagesSuccessful>1</MessagesSuccessful>"));
    state = f.http.state();
    CHECK(order_state(state, id).at("status").as_string() == "CANCELLED");
    CHECK(order_state(state, id).at("items").at(0).at("quantityCancelled").as_int64() == 3);
}

TEST_CASE("sandbox: the acknowledgement feed rejects each bad message with Amazon's result code "
          "and applies the others") {
    CancelFixture f;
    const auto a = "111-0000001-0000001";
    const auto report = f.acknowledge(
        message(1, "999-9999999-9999999", item("1", "NoInventory")) +
        message(2, a, item("99", "NoInventory")) + message(3, a, item("11", "NoInventory", 4)) +
        message(4, a, item("11", "")) + message(5, a, item("11", "PricingError")) +
        message(6, a, "<CancelReason>NoInventory</CancelReason>") +
        message(7, "111-0000002-0000002", item("21", "NoInventory")) +
        message(8, a, item("12", "NoInventory")) + message(8, a, item("11", "NoInventory")) +
        message(9, a, item("11", "NoInventory", 0), "Maybe"));
    CHECK(has(report, "<MessagesProcessed>10</MessagesProcessed>"));
    CHECK(has(report, "<MessagesSuccessful>1</MessagesSuccessful>"));
    CHECK(has(report, "<MessagesWithError>9</MessagesWithError>"));
    CHECK(has(result_of(report, 1), "<ResultMessageCode>18028<"));
    CHECK(has(result_of(report, 1), "<AmazonOrderID>999-9999999-9999999</AmazonOrderID>"));
    CHECK(has(result_of(report, 2), "not part of order"));
    CHECK(has(result_of(report, 3), "exceeds its unshipped quantity (3)"));
    CHECK(has(result_of(report, 4), "needs a CancelReason"));
    CHECK(has(result_of(report, 5), "<ResultMessageCode>5001<"));
    CHECK(has(result_of(report, 5), "PricingError"));
    CHECK(has(result_of(report, 6), "Invalid content was found starting with element "
                                    "'CancelReason'"));
    CHECK(has(result_of(report, 7), "fulfilled by Amazon"));
    CHECK(has(report, "is used by an earlier message"));
    CHECK(has(result_of(report, 9), "StatusCode of Success or Failure"));
    const auto state = f.http.state();
    // Only message 8 (item 12) was applied; item 11 is untouched.
    const auto& items = order_state(state, a).at("items");
    CHECK(items.at(0).at("quantityCancelled").as_int64() == 0);
    CHECK(items.at(1).at("quantityCancelled").as_int64() == 1);
    CHECK(order_state(state, "111-0000002-0000002").at("status").as_string() == "UNSHIPPED");
}

TEST_CASE("sandbox: a malformed acknowledgement feed gets a 5000 processing report and changes "
          "nothing") {
    CancelFixture f;
    const auto id =
        submit_feed(f.http, "POST_ORDER_ACKNOWLEDGEMENT_DATA", "text/xml; charset=UTF-8",
                    "<AmazonEnvelope><Message><MessageID>1</MessageID><OrderAcknowledgement>");
    finish_jobs(f.http);
    const auto report = result_document(f.http, id);
    CHECK(has(report, "<ResultMessageCode>5000</ResultMessageCode>"));
    CHECK(has(report, "XML Parsing Fatal Error at Line 1"));
    CHECK(has(report, "<MessagesProcessed>0</MessagesProcessed>"));
    CHECK(order_state(f.http.state(), "111-0000001-0000001").at("status").as_string() ==
          "UNSHIPPED");
}

TEST_CASE("sandbox: a partially shipped order cancels its unshipped items but not as a whole") {
    CancelFixture f;
    const auto id = "111-0000003-0000003";
    auto report = f.acknowledge(message(1, id, ""));
    CHECK(has(result_of(report, 1), "list the items"));
    report = f.acknowledge(message(1, id, item("31", "NoInventory") + item("32", "NoInventory")));
    CHECK(has(report, "<MessagesSuccessful>1</MessagesSuccessful>"));
    const auto state = f.http.state();
    CHECK(order_state(state, id).at("status").as_string() == "SHIPPED");
    CHECK(order_state(state, id).at("items").at(0).at("quantityShipped").as_int64() == 1);
    CHECK(order_state(state, id).at("items").at(0).at("quantityCancelled").as_int64() == 1);
    // A whole-order cancellation of an unshipped order uses GeneralAdjustment.
    report = f.acknowledge(message(1, "111-0000001-0000001", ""));
    CHECK(has(report, "<MessagesSuccessful>1</MessagesSuccessful>"));
    CHECK(order_state(f.http.state(), "111-0000001-0000001").at("status").as_string() ==
          "CANCELLED");
}

TEST_CASE("sandbox: buyer cancellation requests show as cancellationRequest and change the order's "
          "lastUpdatedTime") {
    CancelFixture f;
    const auto id = "111-0000001-0000001";
    auto r = f.http.request(
        "POST", "/_sandbox/cancellation_requests",
        R"({"requests":[{"order_id":"111-0000001-0000001","order_item_ids":["12"],"reason":"ORDERED_BY_MISTAKE"}]})",
        {"Content-Type: application/json"});
    REQUIRE(r.status == 200);
    CHECK(f.http
              .request("POST", "/_sandbox/cancellation_requests",
                       R"({"requests":[{"order_id":"999-9999999-9999999"}]})",
                       {"Content-Type: application/json"})
              .status == 400);
    f.http.control("clock", R"({"advance_s": 180})");
    const auto page = f.http
                          .get(search_path("lastUpdatedAfter=2025-12-31T23:00:00Z"
                                           "&includedData=CANCELLATION,FULFILLMENT"))
                          .json();
    REQUIRE(page.at("orders").as_array().size() == 1);
    const auto& order = page.at("orders").at(0);
    CHECK(order.at("orderId").as_string() == id);
    CHECK(order.at("fulfillment").at("fulfillmentStatus").as_string() == "UNSHIPPED");
    CHECK(!order.at("orderItems").at(0).as_object().contains("cancellation"));
    const auto& request = order.at("orderItems").at(1).at("cancellation").at("cancellationRequest");
    CHECK(request.at("requester").as_string() == "BUYER");
    CHECK(request.at("cancelReason").as_string() == "ORDERED_BY_MISTAKE");
    // The seller grants it through the feed: the request stays, the execution is added.
    f.acknowledge(message(1, id, item("12", "BuyerCanceled")));
    const auto item12 = order_state(f.http.state(), id).at("items").at(1);
    CHECK(item12.at("cancellation").at("cancellationRequest").at("requester") == "BUYER");
    CHECK(item12.at("cancellation").at("cancellationExecution").at("cancelReason") ==
          "BuyerCanceled");
}

TEST_CASE("sandbox: a scenario's cancellation_requests apply to its orders at start") {
    const auto scenario = write_temp("cancel-requests.yaml", R"(seller_id: A2SANDBOXSELLER
marketplaces: [US]
orders:
  - orderId: 111-0000009-0000009
    createdTime: "2025-12-30T10:00:00Z"
    lastUpdatedTime: "2025-12-30T11:00:00Z"
    salesChannel: {channelName: AMAZON, marketplaceId: ATVPDKIKX0DER}
    fulfillment: {fulfillmentStatus: UNSHIPPED, fulfilledBy: MERCHANT}
    orderItems: [{orderItemId: "91", quantityOrdered: 1, product: {sellerSku: SKU-1}}]
cancellation_requests:
  - {order_id: 111-0000009-0000009, reason: BUYER_CANCELLED}
)");
    auto sandbox = start_sandbox(virtual_args({"--scenario", scenario}));
    HttpClient http(sandbox->base_url());
    const auto item = order_state(http.state(), "111-0000009-0000009").at("items").at(0);
    CHECK(item.at("cancellation").at("cancellationRequest").at("cancelReason") ==
          "BUYER_CANCELLED");
    CHECK(item.at("quantityUnshipped").as_int64() == 1);
    const auto bad = write_temp("cancel-requests-bad.yaml", R"(cancellation_requests:
  - {order_id: 111-0000000-0000000}
)");
    CHECK(!amzconn::testing::SandboxProcess::start(virtual_args({"--scenario", bad})).ok());
}
