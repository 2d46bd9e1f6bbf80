// confirmShipment (Orders v0) as Amazon applies it: validation, packages, edits by
// packageReferenceId, the order's state afterwards, its faults and its usage plan.
#include "test_support.hpp"

using namespace amzconn::testing;
namespace json = boost::json;

namespace {

constexpr const char* k_orders = R"({"orders":[
  {"orderId":"111-0000001-0000001","createdTime":"2025-12-30T10:00:00Z","lastUpdatedTime":"2025-12-30T11:00:00Z",
   "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
   "fulfillment":{"fulfillmentStatus":"UNSHIPPED","fulfilledBy":"MERCHANT"},
   "orderItems":[{"orderItemId":"11","quantityOrdered":3,"product":{"sellerSku":"SKU-FBM-1"},
                  "fulfillment":{"quantityFulfilled":0,"quantityUnfulfilled":3}},
                 {"orderItemId":"12","quantityOrdered":1,"product":{"sellerSku":"SKU-FBM-2"},
                  "fulfillment":{"quantityFulfilled":0,"quantityUnfulfilled":1}}]},
  {"orderId":"111-0000002-0000002","createdTime":"2025-12-30T10:00:00Z","lastUpdatedTime":"2025-12-30T11:00:00Z",
   "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
   "fulfillment":{"fulfillmentStatus":"UNSHIPPED","fulfilledBy":"AMAZON"},
   "orderItems":[{"orderItemId":"21","quantityOrdered":1,"product":{"sellerSku":"SKU-FBA-1"}}]},
  {"orderId":"111-0000003-0000003","createdTime":"2025-12-30T10:00:00Z","lastUpdatedTime":"2025-12-30T11:00:00Z",
   "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
   "fulfillment":{"fulfillmentStatus":"CANCELLED","fulfilledBy":"MERCHANT"},
   "orderItems":[{"orderItemId":"31","quantityOrdered":1,"product":{"sellerSku":"SKU-FBM-1"},
                  "cancellation":{"cancellationExecution":{"cancelledBy":"BUYER","cancelReason":"BUYER_CANCELLED"}},
                  "fulfillment":{"quantityFulfilled":0,"quantityUnfulfilled":0}}]},
  {"orderId":"111-0000004-0000004","createdTime":"2025-12-30T10:00:00Z","lastUpdatedTime":"2025-12-30T11:00:00Z",
   "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
   "fulfillment":{"fulfillmentStatus":"PENDING","fulfilledBy":"MERCHANT"},
   "orderItems":[{"orderItemId":"41","quantityOrdered":1,"product":{"sellerSku":"SKU-FBM-1"}}]},
  {"orderId":"111-0000005-0000005","createdTime":"2025-12-30T10:00:00Z","lastUpdatedTime":"2025-12-30T11:00:00Z",
   "programs":["FBM_SHIP_PLUS"],
   "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
   "fulfillment":{"fulfillmentStatus":"UNSHIPPED","fulfilledBy":"MERCHANT"},
   "orderItems":[{"orderItemId":"51","quantityOrdered":1,"product":{"sellerSku":"SKU-FBM-1"}}]},
  {"orderId":"111-0000006-0000006","createdTime":"2025-12-30T10:00:00Z","lastUpdatedTime":"2025-12-30T11:00:00Z",
   "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
   "fulfillment":{"fulfillmentStatus":"UNSHIPPED","fulfilledBy":"MERCHANT"},
   "orderItems":[{"orderItemId":"61","quantityOrdered":2,"programs":["TRANSPARENCY"],"product":{"sellerSku":"SKU-FBM-1"}}]}]})";

struct Confirm {
    std::string ref = "1";
    std::string carrier = "UPS";
    std::string name;
    std::string tracking = "1Z999";
    std::string date = "2025-12-31T10:00:00Z";
    std::string market = "ATVPDKIKX0DER";
    std::string items = R"([{"orderItemId":"11","quantity":1}])";

    std::string body() const {
        return R"({"marketplaceId":")" + market + R"(","packageDetail":{"packageReferenceId":")" +
               ref + R"(","carrierCode":")" + carrier + "\"" +
               (name.empty() ? "" : R"(,"carrierName":")" + name + "\"") +
               R"(,"trackingNumber":")" + tracking + R"(","shipDate":")" + date +
               R"(","shippingMethod":"Ground","orderItems":)" + items + "}}";
    }
};

std::string path(const std::string& order) {
    return "/orders/v0/orders/" + order + "/shipmentConfirmation";
}

struct Fixture {
    std::unique_ptr<SandboxProcess> sandbox = start_sandbox(virtual_args());
    HttpClient http{sandbox->base_url()};
    Fixture() {
        http.authenticate();
        http.control("orders", k_orders);
    }
    // A 400 InvalidInput whose message names `what`.
    void refused(const std::string& order, const Confirm& c, const std::string& what) {
        const auto r = http.post_json(path(order), c.body());
        CHECK_MESSAGE(r.status == 400, r.body);
        if (r.status == 400) {
            const auto doc = r.json();
            const auto& error = doc.at("errors").at(0);
            CHECK(error.at("code").as_string() == "InvalidInput");
            CHECK_MESSAGE(std::string(error.at("message").as_string()).find(what) !=
                              std::string::npos,
                          error.at("message").as_string());
        }
    }
};

} // namespace

TEST_CASE("sandbox: confirmShipment refuses missing fields, foreign items, excess quantities and "
          "Other without a carrier name") {
    Fixture f;
    const auto id = "111-0000001-0000001";
    Confirm c;
    c.ref = "0";
    f.refused(id, c, "packageReferenceId");
    c = {};
    c.carrier = "";
    f.refused(id, c, "carrierCode");
    c = {};
    c.carrier = "Other";
    f.refused(id, c, "carrierName");
    c = {};
    c.tracking = "";
    f.refused(id, c, "trackingNumber");
    c = {};
    c.date = "02/21/2022";
    f.refused(id, c, "shipDate");
    c = {};
    c.items = "[]";
    f.refused(id, c, "orderItems");
    c = {};
    c.items = R"([{"orderItemId":"11"}])";
    f.refused(id, c, "quantity");
    c = {};
    c.items = R"([{"orderItemId":"21","quantity":1}])";
    f.refused(id, c, "not part of order");
    c = {};
    c.items = R"([{"orderItemId":"11","quantity":2},{"orderItemId":"11","quantity":2}])";
    f.refused(id, c, "exceeds its unshipped quantity (3)");
    c = {};
    c.market = "A1F83G8C2ARO7P";
    f.refused(id, c, "marketplace");
    CHECK(f.http.post_json(path(id), "{not json").status == 400);
    CHECK(f.http.post_json(path("999-9999999-9999999"), Confirm{}.body()).status == 404);
    const auto state = f.http.state();
    CHECK(order_state(state, id).at("status").as_string() == "UNSHIPPED");
    CHECK(order_state(state, id).at("packages").as_array().empty());
    CHECK(state.at("confirmations").as_int64() == 0);
}

TEST_CASE("sandbox: confirmShipment refuses FBA, cancelled, pending and Ship+ orders") {
    Fixture f;
    Confirm c;
    c.items = R"([{"orderItemId":"21","quantity":1}])";
    f.refused("111-0000002-0000002", c, "fulfilled by Amazon");
    c.items = R"([{"orderItemId":"31","quantity":1}])";
    f.refused("111-0000003-0000003", c, "CANCELLED");
    c.items = R"([{"orderItemId":"41","quantity":1}])";
    f.refused("111-0000004-0000004", c, "PENDING");
    c.items = R"([{"orderItemId":"51","quantity":1}])";
    f.refused("111-0000005-0000005", c, "Ship+");
}

TEST_CASE("sandbox: confirmShipment of a Transparency item needs one code per unit") {
    Fixture f;
    Confirm c;
    c.items = R"([{"orderItemId":"61","quantity":2,"transparencyCodes":["AZ:1"]}])";
    f.refused("111-0000006-0000006", c, "Transparency");
    c.items = R"([{"orderItemId":"61","quantity":2,"transparencyCodes":["AZ:1","AZ:2"]}])";
    CHECK(f.http.post_json(path("111-0000006-0000006"), c.body()).status == 204);
    const auto pkg = order_state(f.http.state(), "111-0000006-0000006").at("packages").at(0);
    CHECK(pkg.at("packageItems").at(0).at("transparencyCodes").as_array().size() == 2);
}

TEST_CASE("sandbox: confirmShipment resent with the same packageReferenceId edits that package "
          "instead of adding one") {
    Fixture f;
    const auto id = "111-0000001-0000001";
    Confirm c;
    c.items = R"([{"orderItemId":"11","quantity":2}])";
    REQUIRE(f.http.post_json(path(id), c.body()).status == 204);
    // The resend carries a corrected carrier and tracking number and one more unit.
    c.carrier = "Other";
    c.name = "Hermes";
    c.tracking = "H-42";
    c.items = R"([{"orderItemId":"11","quantity":3}])";
    REQUIRE(f.http.post_json(path(id), c.body()).status == 204);
    REQUIRE(f.http.post_json(path(id), c.body()).status == 204); // a plain resend changes nothing
    const auto state = f.http.state();
    const auto& order = order_state(state, id);
    REQUIRE(order.at("packages").as_array().size() == 1);
    const auto& pkg = order.at("packages").at(0);
    CHECK(pkg.at("carrier").as_string() == "Hermes");
    CHECK(pkg.at("trackingNumber").as_string() == "H-42");
    CHECK(pkg.at("packageItems").at(0).at("quantity").as_int64() == 3);
    CHECK(order.at("shipments").as_array().size() == 1);
    CHECK(order.at("shipments").at(0).at("carrierName").as_string() == "Hermes");
    CHECK(order.at("confirmations").as_int64() == 3);
    CHECK(order.at("items").at(0).at("quantityShipped").as_int64() == 3);
    CHECK(order.at("items").at(1).at("quantityUnshipped").as_int64() == 1);
    CHECK(order.at("status").as_string() == "PARTIALLY_SHIPPED");
    // A new package for the last item ships the order; a third one then has nothing to ship.
    c.ref = "2";
    c.items = R"([{"orderItemId":"12","quantity":1}])";
    REQUIRE(f.http.post_json(path(id), c.body()).status == 204);
    CHECK(order_state(f.http.state(), id).at("status").as_string() == "SHIPPED");
    c.ref = "3";
    f.refused(id, c, "already shipped");
    // Editing a package of a shipped order is still allowed.
    c.ref = "2";
    c.tracking = "H-43";
    CHECK(f.http.post_json(path(id), c.body()).status == 204);
}

TEST_CASE("sandbox: searchOrders and getOrder show the partially shipped order with its package") {
    Fixture f;
    const auto id = "111-0000001-0000001";
    Confirm c;
    c.items = R"([{"orderItemId":"11","quantity":1}])";
    REQUIRE(f.http.post_json(path(id), c.body()).status == 204);
    f.http.control("clock", R"({"advance_s": 180})");
    const auto page = f.http
                          .get(search_path("lastUpdatedAfter=2025-12-31T23:00:00Z"
                                           "&includedData=FULFILLMENT,PACKAGES"))
                          .json();
    REQUIRE(page.at("orders").as_array().size() == 1);
    const auto& order = page.at("orders").at(0);
    CHECK(order.at("orderId").as_string() == id);
    CHECK(order.at("lastUpdatedTime").as_string() == "2026-01-01T00:00:00Z");
    CHECK(order.at("fulfillment").at("fulfillmentStatus").as_string() == "PARTIALLY_SHIPPED");
    CHECK(order.at("orderItems").at(0).at("fulfillment").at("quantityFulfilled").as_int64() == 1);
    CHECK(order.at("orderItems").at(0).at("fulfillment").at("quantityUnfulfilled").as_int64() == 2);
    const auto& pkg = order.at("packages").at(0);
    CHECK(pkg.at("carrier").as_string() == "UPS");
    CHECK(pkg.at("trackingNumber").as_string() == "1Z999");
    CHECK(pkg.at("shippingService").as_string() == "Ground");
    CHECK(pkg.at("shipTime").as_string() == "2025-12-31T10:00:00Z");
    const auto got =
        f.http.get("/orders/2026-01-01/orders/" + std::string(id) + "?includedData=PACKAGES")
            .json();
    CHECK(got.at("order").at("packages") == order.at("packages"));
}

TEST_CASE("sandbox: confirmShipment faults apply to it: a 503 changes nothing and no_response "
          "ships once") {
    Fixture f;
    const auto id = "111-0000001-0000001";
    f.http.control("faults",
                   R"({"faults":[{"operation":"confirmShipment","kind":"status","status":503}]})");
    CHECK(f.http.post_json(path(id), Confirm{}.body()).status == 503);
    CHECK(order_state(f.http.state(), id).at("packages").as_array().empty());
    f.http.control("faults",
                   R"({"faults":[{"operation":"confirmShipment","kind":"no_response"}]})");
    HttpClient fresh(f.sandbox->base_url());
    fresh.set_token(f.http.auth_headers()[0].substr(std::string("x-amz-access-token: ").size()));
    CHECK(fresh.post_json(path(id), Confirm{}.body()).code == CURLE_GOT_NOTHING);
    // The connector cannot know it landed and resends: the same package, not a second one.
    CHECK(f.http.post_json(path(id), Confirm{}.body()).status == 204);
    const auto state = f.http.state();
    CHECK(order_state(state, id).at("packages").as_array().size() == 1);
    CHECK(order_state(state, id).at("items").at(0).at("quantityShipped").as_int64() == 1);
    CHECK(state.at("calls").at("confirmShipment").as_int64() == 3);
}

TEST_CASE("sandbox: confirmShipment allows a burst of 10 and refills 2 per second") {
    auto sandbox = start_sandbox(virtual_args({"--rate-limits", "documented"}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    http.control("orders", k_orders);
    Confirm c;
    for (int i = 0; i < 10; ++i) {
        REQUIRE(http.post_json(path("111-0000001-0000001"), c.body()).status == 204);
    }
    const auto r = http.post_json(path("111-0000001-0000001"), c.body());
    CHECK(r.status == 429);
    CHECK(r.json().at("errors").at(0).at("code").as_string() == "QuotaExceeded");
    http.control("clock", R"({"advance_s": 0.5})");
    const auto again = http.post_json(path("111-0000001-0000001"), c.body());
    CHECK(again.status == 204);
    CHECK(again.header("x-amzn-ratelimit-limit") == "2");
    CHECK(http.post_json(path("111-0000001-0000001"), c.body()).status == 429);
}
