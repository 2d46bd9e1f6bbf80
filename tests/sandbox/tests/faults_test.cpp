// Every fault kind of the contract, scripted through POST /_sandbox/faults.
#include "test_support.hpp"

using namespace amzconn::testing;
namespace json = boost::json;

namespace {

struct FaultsFixture {
    std::unique_ptr<SandboxProcess> sandbox =
        start_sandbox(virtual_args({"--generate", "120", "--seed", "2"}));
    HttpClient http{sandbox->base_url()};
    FaultsFixture() { http.authenticate(); }
    void fault(const std::string& spec) { http.control("faults", R"({"faults":[)" + spec + "]}"); }
    HttpResult search(const std::string& extra = "", long timeout_ms = 10000) {
        return http.request(
            "GET", search_path("createdAfter=2025-11-01T00:00:00Z&maxResultsPerPage=20" + extra),
            "", http.auth_headers(), timeout_ms);
    }
};

} // namespace

TEST_CASE("sandbox: fault reset_mid_body resets the connection after part of the body") {
    FaultsFixture f;
    f.fault(R"({"operation":"searchOrders","kind":"reset_mid_body"})");
    const auto r = f.search();
    CHECK((r.code == CURLE_RECV_ERROR || r.code == CURLE_PARTIAL_FILE));
    CHECK(f.search().code == CURLE_OK); // count 1: the next request is clean
}

TEST_CASE("sandbox: fault short_body sends fewer bytes than Content-Length") {
    FaultsFixture f;
    f.fault(R"({"operation":"searchOrders","kind":"short_body"})");
    CHECK(f.search().code == CURLE_PARTIAL_FILE);
}

TEST_CASE("sandbox: fault truncated_json answers 200 with a cut JSON body") {
    FaultsFixture f;
    f.fault(R"({"operation":"searchOrders","kind":"truncated_json"})");
    const auto r = f.search();
    CHECK(r.code == CURLE_OK);
    CHECK(r.status == 200);
    CHECK(r.json().is_null());
}

TEST_CASE("sandbox: fault wrong_schema answers 200 with orders that are not an array") {
    FaultsFixture f;
    f.fault(R"({"operation":"searchOrders","kind":"wrong_schema"})");
    const auto r = f.search();
    CHECK(r.status == 200);
    REQUIRE(r.json().is_object());
    CHECK(!r.json().at("orders").is_array());
}

TEST_CASE("sandbox: fault status answers 5xx with JSON or HTML or empty bodies") {
    FaultsFixture f;
    f.fault(R"({"operation":"searchOrders","kind":"status","status":503,"body":"json"},
               {"operation":"searchOrders","kind":"status","status":502,"body":"html"},
               {"operation":"searchOrders","kind":"status","status":504,"body":"empty"})");
    auto r = f.search();
    CHECK(r.status == 503);
    CHECK(r.json().at("errors").at(0).at("code").as_string() == "InternalFailure");
    r = f.search();
    CHECK(r.status == 502);
    CHECK(r.header("content-type") == "text/html");
    r = f.search();
    CHECK(r.status == 504);
    CHECK(r.body.empty());
    CHECK(f.search().status == 200);
}

TEST_CASE("sandbox: fault throttle answers 429 with and without Retry-After") {
    FaultsFixture f;
    f.fault(R"({"operation":"*","kind":"throttle","retry_after":"2"},
               {"operation":"*","kind":"throttle","retry_after":"Wed, 21 Oct 2026 07:28:00 GMT"},
               {"operation":"*","kind":"throttle"})");
    auto r = f.search();
    CHECK(r.status == 429);
    CHECK(r.header("retry-after") == "2");
    CHECK(r.json().at("errors").at(0).at("code").as_string() == "QuotaExceeded");
    r = f.search();
    CHECK(r.header("retry-after") == "Wed, 21 Oct 2026 07:28:00 GMT");
    r = f.search();
    CHECK(r.status == 429);
    CHECK(r.header("retry-after").empty());
    CHECK(f.http.state().at("throttled").at("searchOrders").as_int64() == 3);
}

TEST_CASE("sandbox: fault expired_token answers 403 Unauthorized with Amazon's expiry message") {
    FaultsFixture f;
    f.fault(R"({"operation":"getMarketplaceParticipations","kind":"expired_token"})");
    const auto r = f.http.get("/sellers/v1/marketplaceParticipations");
    CHECK(r.status == 403);
    CHECK(r.json().at("errors").at(0).at("details").as_string() ==
          "The access token you provided has expired.");
    CHECK(f.search().status == 200); // other operations unaffected
}

TEST_CASE("sandbox: fault trickle sends the body slowly enough to trip a client timeout") {
    FaultsFixture f;
    f.fault(R"({"operation":"searchOrders","kind":"trickle","bytes_per_s":20})");
    CHECK(f.search("", 500).code == CURLE_OPERATION_TIMEDOUT);
    f.fault(R"({"operation":"searchOrders","kind":"trickle","bytes_per_s":1000000})");
    const auto r = f.search();
    CHECK(r.code == CURLE_OK);
    CHECK(r.json().at("orders").as_array().size() == 20); // trickled bodies stay complete
}

TEST_CASE("sandbox: fault stall accepts the request and never answers") {
    FaultsFixture f;
    f.fault(R"({"operation":"searchOrders","kind":"stall"})");
    CHECK(f.search("", 300).code == CURLE_OPERATION_TIMEDOUT);
    CHECK(f.search().status == 200);
}

TEST_CASE("sandbox: fault oversized sends a huge chunked body") {
    FaultsFixture f;
    f.fault(R"({"operation":"searchOrders","kind":"oversized","bytes":3000000})");
    const auto r = f.search();
    CHECK(r.code == CURLE_OK);
    CHECK(r.header("transfer-encoding") == "chunked");
    CHECK(r.body.size() == 3000000);
}

TEST_CASE("sandbox: fault duplicate_page serves the previous page again under a new token") {
    FaultsFixture f;
    const auto p1 = f.search();
    const auto t1 = std::string(p1.json().at("pagination").at("nextToken").as_string());
    f.fault(R"({"operation":"searchOrders","kind":"duplicate_page"})");
    const auto p2 = f.search("&paginationToken=" + escape(t1));
    CHECK(p2.json().at("orders") == p1.json().at("orders"));
    const auto t2 = std::string(p2.json().at("pagination").at("nextToken").as_string());
    CHECK(t2 != t1);
    const auto p3 = f.search("&paginationToken=" + escape(t2));
    CHECK(p3.json().at("orders") != p1.json().at("orders")); // the walk goes on after the repeat
}

TEST_CASE("sandbox: fault repeat_token returns the token the request carried") {
    FaultsFixture f;
    const auto t1 = std::string(f.search().json().at("pagination").at("nextToken").as_string());
    f.fault(R"({"operation":"searchOrders","kind":"repeat_token"})");
    const auto p2 = f.search("&paginationToken=" + escape(t1));
    CHECK(p2.json().at("pagination").at("nextToken").as_string() == t1);
}

TEST_CASE("sandbox: fault reject_token answers 400 could not decode your NextToken") {
    FaultsFixture f;
    const auto t1 = std::string(f.search().json().at("pagination").at("nextToken").as_string());
    f.fault(R"({"operation":"searchOrders","kind":"reject_token"})");
    const auto r = f.search("&paginationToken=" + escape(t1));
    CHECK(r.status == 400);
    CHECK(r.json().at("errors").at(0).at("details").as_string() ==
          "could not decode your NextToken");
}

TEST_CASE("sandbox: fault mutate_during_pagination moves an already-seen order past the walk") {
    FaultsFixture f;
    const std::string q = "lastUpdatedAfter=2025-11-01T00:00:00Z&maxResultsPerPage=20";
    auto p1 = f.http.get(search_path(q));
    const auto first = p1.json().at("orders").at(0);
    const auto id = std::string(first.at("orderId").as_string());
    const auto bound = std::string(p1.json().at("lastUpdatedBefore").as_string());
    const auto t1 = std::string(p1.json().at("pagination").at("nextToken").as_string());
    f.fault(R"({"operation":"searchOrders","kind":"mutate_during_pagination"})");
    (void)f.http.get(search_path(q + "&paginationToken=" + escape(t1)));
    const auto order = f.http.get("/orders/2026-01-01/orders/" + id).json();
    CHECK(std::string(order.at("order").at("lastUpdatedTime").as_string()) > bound);
}

TEST_CASE("sandbox: fault no_response applies the request and closes without answering") {
    FaultsFixture f;
    f.http.control("orders", R"({"orders":[{"orderId":"111-5555555-5555555",
        "createdTime":"2025-12-30T10:00:00Z","lastUpdatedTime":"2025-12-30T11:00:00Z",
        "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
        "fulfillment":{"fulfillmentStatus":"UNSHIPPED","fulfilledBy":"MERCHANT"},
        "orderItems":[{"orderItemId":"7","quantityOrdered":1,"product":{"sellerSku":"SKU-FBM-1"}}]}]})");
    f.fault(R"({"operation":"confirmShipment","kind":"no_response"})");
    // A fresh connection: libcurl silently retries a request whose reused connection dies.
    HttpClient fresh(f.sandbox->base_url());
    fresh.set_token(f.http.auth_headers()[0].substr(std::string("x-amz-access-token: ").size()));
    const auto r = fresh.post_json(
        "/orders/v0/orders/111-5555555-5555555/shipmentConfirmation",
        R"({"marketplaceId":"ATVPDKIKX0DER","packageDetail":{"packageReferenceId":"1","carrierCode":"UPS",
            "trackingNumber":"1Z1","shipDate":"2025-12-31T00:00:00Z","orderItems":[{"orderItemId":"7","quantity":1}]}})");
    CHECK(r.code == CURLE_GOT_NOTHING);
    const auto state = f.http.state();
    CHECK(state.at("confirmations").as_int64() == 1);
    bool shipped = false;
    for (const auto& o : state.at("orders").as_array()) {
        shipped = shipped || (o.at("orderId").as_string() == "111-5555555-5555555" &&
                              o.at("status").as_string() == "SHIPPED");
    }
    CHECK(shipped);
}

TEST_CASE("sandbox: fault redirect answers 302 with the given Location") {
    FaultsFixture f;
    f.fault(R"({"operation":"searchOrders","kind":"redirect","location":"http://evil.invalid/x"})");
    const auto r = f.search();
    CHECK(r.status == 302);
    CHECK(r.header("location") == "http://evil.invalid/x");
}

TEST_CASE("sandbox: faults garbage and empty_reply break the HTTP exchange") {
    FaultsFixture f;
    f.fault(
        R"({"operation":"searchOrders","kind":"garbage"},{"operation":"searchOrders","kind":"empty_reply"})");
    const auto g = f.search();
    CHECK(g.code != CURLE_OK);
    CHECK(g.status == 0);
    CHECK(f.search().code == CURLE_GOT_NOTHING);
}

TEST_CASE("sandbox: a fault skips 'after' matching requests and hits 'count' of them") {
    FaultsFixture f;
    f.fault(R"({"operation":"searchOrders","kind":"status","status":500,"after":1,"count":2})");
    CHECK(f.search().status == 200);
    CHECK(f.search().status == 500);
    CHECK(f.search().status == 500);
    CHECK(f.search().status == 200);
}

TEST_CASE("sandbox: random faults with a seed repeat the same sequence") {
    std::vector<long> runs[2];
    for (auto& run : runs) {
        FaultsFixture f;
        f.http.control(
            "faults",
            R"({"faults":[],"random":{"rate":0.5,"seed":7,"kinds":["status","throttle"]}})");
        for (int i = 0; i < 30; ++i) {
            run.push_back(f.search().status);
        }
    }
    CHECK(runs[0] == runs[1]);
    CHECK(std::count(runs[0].begin(), runs[0].end(), 200L) > 3);
    CHECK(std::count(runs[0].begin(), runs[0].end(), 200L) < 27);
}

TEST_CASE("sandbox: fault unsorted_page serves the page's orders newest first") {
    FaultsFixture f;
    const auto sorted = f.search().json().at("orders").as_array();
    f.fault(R"({"operation":"searchOrders","kind":"unsorted_page"})");
    const auto reversed = f.search().json().at("orders").as_array();
    REQUIRE(sorted.size() == 20);
    REQUIRE(reversed.size() == 20);
    CHECK(reversed.front() == sorted.back());
    CHECK(reversed.back() == sorted.front());
}

TEST_CASE("sandbox: an order with _sandbox_bad is kept by its id and served corrupted") {
    FaultsFixture f;
    const std::string id = "302-0000000-0000009";
    const auto order = [&](const std::string& kind) {
        return R"({"orders":[{"orderId":")" + id +
               R"(","createdTime":"2025-11-02T00:00:00Z","lastUpdatedTime":"2025-11-02T00:00:00Z",)"
               R"("orderItems":[{"orderItemId":"1","quantityOrdered":1,"product":{"sellerSku":"S"}}],)"
               R"("_sandbox_bad":")" +
               kind + R"(","_sandbox_pad_bytes":2000000}]})";
    };
    const auto served = [&](const std::string& included) {
        const auto r = f.http.get("/orders/2026-01-01/orders/" + id + included);
        REQUIRE(r.status == 200);
        return r.body;
    };
    const auto first = [&] {
        const auto page = f.search(); // the bad order was created first: it leads page 1
        return json::serialize(page.json().at("orders").as_array().front());
    };
    f.http.control("orders", order("missing_id"));
    CHECK(served("").find("orderId") == std::string::npos);
    CHECK(first().find(R"("orderId")") == std::string::npos);
    f.http.control("orders", order("empty_id"));
    CHECK(served("").find(R"("orderId":"")") != std::string::npos);
    f.http.control("orders", order("id_not_string"));
    CHECK(served("").find(R"("orderId":4031234567)") != std::string::npos);
    f.http.control("orders", order("long_id"));
    CHECK(served("").find(id + std::string(70, 'X')) != std::string::npos);
    f.http.control("orders", order("nul_id"));
    CHECK(served("").find(id + "\\u0000X") != std::string::npos);
    f.http.control("orders", order("null"));
    CHECK(served("") == R"({"order":null})");
    CHECK(first() == "null");
    f.http.control("orders", order("bad_field"));
    CHECK(served("").find(R"("createdTime":"yesterday")") != std::string::npos);
    f.http.control("orders", order("oversized"));
    CHECK(served("").size() < 10000);                         // without PROCEEDS: plain
    CHECK(served("?includedData=PROCEEDS").size() > 2000000); // with it: padded
    // The state keeps it by its id; an unknown kind is refused.
    CHECK(json::serialize(f.http.state()).find(id) != std::string::npos);
    CHECK_THROWS(f.http.control("orders", order("no_such_kind")));
}
