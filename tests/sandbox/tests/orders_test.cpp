// searchOrders / getOrder / confirmShipment behaviour and the generator.
#include "test_support.hpp"

#include <set>

using namespace amzconn::testing;
namespace json = boost::json;

namespace {
constexpr const char* k_all_time = "createdAfter=2025-11-01T00:00:00Z";

std::vector<json::value> all_orders(HttpClient& http, const std::string& query) {
    std::vector<json::value> out;
    for (const auto& page : walk_pages(http, query)) {
        const auto doc = json::parse(page);
        for (const auto& o : doc.at("orders").as_array()) {
            out.push_back(o);
        }
    }
    return out;
}
} // namespace

TEST_CASE("sandbox: the same scenario and seed give identical responses across runs") {
    std::vector<std::string> bodies[3];
    const std::vector<std::vector<std::string>> runs = {
        virtual_args({"--generate", "250", "--seed", "42"}),
        virtual_args({"--generate", "250", "--seed", "42"}),
        virtual_args({"--generate", "250", "--seed", "43"})};
    for (std::size_t i = 0; i < runs.size(); ++i) {
        auto sandbox = start_sandbox(runs[i]);
        HttpClient http(sandbox->base_url());
        http.authenticate();
        bodies[i] =
            walk_pages(http, std::string(k_all_time) +
                                 "&maxResultsPerPage=40&includedData=BUYER,RECIPIENT,"
                                 "PROCEEDS,FULFILLMENT,PACKAGES,TAX,PROMOTION,CANCELLATION");
        bodies[i].push_back(http.request("GET", "/_sandbox/state").body);
    }
    CHECK(bodies[0].size() > 3);
    CHECK(bodies[0] == bodies[1]);
    CHECK(bodies[0] != bodies[2]);
}

TEST_CASE("sandbox: searchOrders needs exactly one of createdAfter and lastUpdatedAfter") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    http.authenticate();
    auto r = http.get(search_path("marketplaceIds=ATVPDKIKX0DER"));
    CHECK(r.status == 400);
    CHECK(r.json().at("errors").at(0).at("code").as_string() == "InvalidInput");
    r = http.get(
        search_path("createdAfter=2025-12-01T00:00:00Z&lastUpdatedAfter=2025-12-01T00:00:00Z"));
    CHECK(r.status == 400);
    r = http.get(
        search_path("createdAfter=2025-12-01T00:00:00Z&lastUpdatedBefore=2025-12-02T00:00:00Z"));
    CHECK(r.status == 400);
    r = http.get(search_path("createdAfter=2025-12-01T00:00:00Z&maxResultsPerPage=101"));
    CHECK(r.status == 400);
    r = http.get(search_path("createdAfter=2025-12-01T00:00:00Z&fulfillmentStatuses=Shipped"));
    CHECK(r.status == 400);
    r = http.get(search_path("createdAfter=2025-12-01T00:00:00Z&includedData=EVERYTHING"));
    CHECK(r.status == 400);
    CHECK(http.get(search_path("createdAfter=2025-12-01T00:00:00Z")).status == 200);
}

TEST_CASE("sandbox: searchOrders applies the two-minute rule and returns the bound it used") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    http.authenticate();
    auto r = http.get(search_path("lastUpdatedAfter=2025-12-31T23:59:00Z"));
    CHECK(r.status == 400); // after must itself be two minutes old
    r = http.get(search_path(
        "lastUpdatedAfter=2025-12-01T00:00:00Z&lastUpdatedBefore=2025-12-31T23:59:00Z"));
    CHECK(r.status == 400);
    r = http.get(search_path("lastUpdatedAfter=2025-12-01T00:00:00Z"));
    REQUIRE(r.status == 200);
    CHECK(r.json().at("lastUpdatedBefore").as_string() == "2025-12-31T23:58:00Z");
    r = http.get(
        search_path("createdAfter=2025-12-01T00:00:00Z&createdBefore=2025-12-20T00:00:00Z"));
    REQUIRE(r.status == 200);
    CHECK(r.json().at("createdBefore").as_string() == "2025-12-20T00:00:00Z");
    r = http.get(
        search_path("createdAfter=2025-12-20T00:00:00Z&createdBefore=2025-12-01T00:00:00Z"));
    CHECK(r.status == 400);
}

TEST_CASE(
    "sandbox: pagination returns every order once and rejects a token with changed parameters") {
    auto sandbox = start_sandbox(virtual_args({"--generate", "230", "--seed", "5"}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto pages = walk_pages(http, std::string(k_all_time) + "&maxResultsPerPage=50");
    CHECK(pages.size() == 5);
    std::set<std::string> ids;
    std::size_t count = 0;
    for (const auto& p : pages) {
        const auto doc = json::parse(p);
        for (const auto& o : doc.at("orders").as_array()) {
            ids.insert(std::string(o.at("orderId").as_string()));
            ++count;
        }
    }
    CHECK(count == 230);
    CHECK(ids.size() == 230);
    const auto first = http.get(search_path(std::string(k_all_time) + "&maxResultsPerPage=50"));
    const auto token = std::string(first.json().at("pagination").at("nextToken").as_string());
    auto r = http.get(search_path(
        "createdAfter=2025-11-02T00:00:00Z&maxResultsPerPage=50&paginationToken=" + escape(token)));
    CHECK(r.status == 400);
    // maxResultsPerPage and includedData may change between pages.
    r = http.get(
        search_path(std::string(k_all_time) +
                    "&maxResultsPerPage=10&includedData=BUYER&paginationToken=" + escape(token)));
    CHECK(r.status == 200);
    CHECK(r.json().at("orders").as_array().size() == 10);
    r = http.get(search_path(std::string(k_all_time) + "&paginationToken=%21%21garbage"));
    CHECK(r.status == 400);
}

TEST_CASE("sandbox: filters select by marketplace and fulfilment channel and status") {
    auto sandbox = start_sandbox(virtual_args({"--generate", "300", "--seed", "9"}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto all = all_orders(http, std::string(k_all_time) + "&includedData=FULFILLMENT");
    const auto uk = all_orders(http, std::string(k_all_time) +
                                         "&marketplaceIds=A1F83G8C2ARO7P&includedData=FULFILLMENT");
    const auto afn =
        all_orders(http, std::string(k_all_time) + "&fulfilledBy=AMAZON&includedData=FULFILLMENT");
    const auto unshipped = all_orders(
        http, std::string(k_all_time) +
                  "&fulfillmentStatuses=UNSHIPPED,PARTIALLY_SHIPPED&includedData=FULFILLMENT");
    CHECK(all.size() == 300);
    CHECK(!uk.empty());
    CHECK(uk.size() < all.size());
    for (const auto& o : uk) {
        CHECK(o.at("salesChannel").at("marketplaceId").as_string() == "A1F83G8C2ARO7P");
    }
    CHECK(!afn.empty());
    for (const auto& o : afn) {
        CHECK(o.at("fulfillment").at("fulfilledBy").as_string() == "AMAZON");
    }
    CHECK(!unshipped.empty());
    for (const auto& o : unshipped) {
        const auto s = o.at("fulfillment").at("fulfillmentStatus").as_string();
        CHECK((s == "UNSHIPPED" || s == "PARTIALLY_SHIPPED"));
    }
}

TEST_CASE("sandbox: generated orders cover currencies and programs and lines with buyer data only "
          "where roles allow") {
    auto sandbox = start_sandbox(virtual_args({"--generate", "400", "--seed", "3"}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto orders = all_orders(
        http, std::string(k_all_time) +
                  "&includedData=BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,TAX,PROMOTION,PACKAGES");
    std::set<std::string> currencies;
    std::set<std::string> statuses;
    std::set<std::string> programs;
    std::set<std::string> breakdowns;
    bool multi_line = false;
    bool multi_qty = false;
    bool jpy_no_decimals = true;
    for (const auto& o : orders) {
        const auto status = std::string(o.at("fulfillment").at("fulfillmentStatus").as_string());
        const bool afn = o.at("fulfillment").at("fulfilledBy").as_string() == "AMAZON";
        statuses.insert(status);
        if (const auto* p = o.as_object().if_contains("programs")) {
            for (const auto& x : p->as_array()) {
                programs.insert(std::string(x.as_string()));
            }
        }
        const auto& items = o.at("orderItems").as_array();
        multi_line = multi_line || items.size() > 1;
        const auto* buyer = o.as_object().if_contains("buyer");
        const auto& address = o.at("recipient").at("deliveryAddress").as_object();
        if (afn || status == "PENDING") {
            CHECK((buyer == nullptr || !buyer->as_object().contains("buyerEmail")));
            CHECK(!address.contains("name"));
            CHECK(!address.contains("addressLine1"));
        }
        if (status == "PENDING") {
            CHECK(!o.as_object().contains("proceeds"));
        } else {
            const auto& total = o.at("proceeds").at("grandTotal");
            currencies.insert(std::string(total.at("currencyCode").as_string()));
            if (total.at("currencyCode").as_string() == "JPY") {
                jpy_no_decimals =
                    jpy_no_decimals &&
                    std::string(total.at("amount").as_string()).find('.') == std::string::npos;
            }
            for (const auto& item : items) {
                multi_qty = multi_qty || item.at("quantityOrdered").as_int64() > 1;
                for (const auto& b : item.at("proceeds").at("breakdowns").as_array()) {
                    breakdowns.insert(std::string(b.at("type").as_string()));
                }
            }
        }
    }
    CHECK(currencies == std::set<std::string>{"EUR", "GBP", "JPY", "USD"});
    CHECK(jpy_no_decimals);
    CHECK(statuses.count("SHIPPED") == 1);
    CHECK(statuses.count("UNSHIPPED") == 1);
    CHECK(statuses.count("CANCELLED") == 1);
    CHECK(statuses.count("PARTIALLY_SHIPPED") == 1);
    CHECK(programs.count("PRIME") == 1);
    CHECK(programs.count("AMAZON_BUSINESS") == 1);
    CHECK(breakdowns == std::set<std::string>{"DISCOUNT", "GIFT_WRAP", "ITEM", "SHIPPING", "TAX"});
    CHECK(multi_line);
    CHECK(multi_qty);
}

TEST_CASE("sandbox: orders appear and change as the virtual clock advances") {
    auto sandbox = start_sandbox(virtual_args({"--generate", "200", "--seed", "11"}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto before =
        all_orders(http, "lastUpdatedAfter=2025-12-31T00:00:00Z&includedData=FULFILLMENT");
    http.control("clock", R"({"advance_s": 172800})");
    http.authenticate(); // the first token expired during the two days
    const auto after =
        all_orders(http, "lastUpdatedAfter=2025-12-31T23:58:00Z&includedData=FULFILLMENT");
    // Orders created shortly before the start keep moving (paid, shipped) after it.
    CHECK(!after.empty());
    std::set<std::string> before_ids;
    for (const auto& o : before) {
        before_ids.insert(std::string(o.at("orderId").as_string()));
    }
    bool changed_seen_order = false;
    for (const auto& o : after) {
        changed_seen_order =
            changed_seen_order || before_ids.count(std::string(o.at("orderId").as_string())) > 0;
        CHECK(o.at("lastUpdatedTime").as_string() >= "2025-12-31T23:58:00Z");
    }
    CHECK(changed_seen_order);
}

TEST_CASE("sandbox: getOrder returns the order and 404 for an unknown id") {
    auto sandbox = start_sandbox(virtual_args({"--generate", "5", "--seed", "1"}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    const auto id = std::string(http.state().at("orders").at(0).at("orderId").as_string());
    auto r = http.get("/orders/2026-01-01/orders/" + id + "?includedData=FULFILLMENT");
    REQUIRE(r.status == 200);
    CHECK(r.json().at("order").at("orderId").as_string() == id);
    CHECK(r.json().at("order").as_object().contains("fulfillment"));
    r = http.get("/orders/2026-01-01/orders/" + id);
    CHECK(!r.json().at("order").as_object().contains("fulfillment"));
    CHECK(http.get("/orders/2026-01-01/orders/999-9999999-9999999").status == 404);
}

TEST_CASE("sandbox: confirmShipment validates the request and moves the order to partially shipped "
          "then shipped") {
    auto sandbox = start_sandbox(virtual_args());
    HttpClient http(sandbox->base_url());
    http.authenticate();
    http.control("orders", R"({"orders":[{"orderId":"111-2222222-3333333",
        "createdTime":"2025-12-30T10:00:00Z","lastUpdatedTime":"2025-12-30T11:00:00Z",
        "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
        "fulfillment":{"fulfillmentStatus":"UNSHIPPED","fulfilledBy":"MERCHANT"},
        "orderItems":[{"orderItemId":"10","quantityOrdered":3,"product":{"sellerSku":"SKU-FBM-1"},
                       "fulfillment":{"quantityFulfilled":0,"quantityUnfulfilled":3}}]}]})");
    const std::string path = "/orders/v0/orders/111-2222222-3333333/shipmentConfirmation";
    const auto body = [](const std::string& ref, const std::string& carrier, int qty,
                         const std::string& date = "2025-12-31T10:00:00Z") {
        return R"({"marketplaceId":"ATVPDKIKX0DER","packageDetail":{"packageReferenceId":")" + ref +
               R"(","carrierCode":")" + carrier + R"(","trackingNumber":"1Z999","shipDate":")" +
               date + R"(","orderItems":[{"orderItemId":"10","quantity":)" + std::to_string(qty) +
               "}]}}";
    };
    CHECK(http.post_json(path, body("1", "UPS", 4)).status == 400);   // too many
    CHECK(http.post_json(path, body("abc", "UPS", 1)).status == 400); // non-numeric ref
    CHECK(http.post_json(path, body("1", "Other", 1)).status == 400); // Other needs a name
    CHECK(http.post_json(path, body("1", "UPS", 1, "02/21/2022")).status == 400);
    auto r = http.post_json(path, body("1", "UPS", 1));
    CHECK(r.status == 204);
    CHECK(r.body.empty());
    auto state = http.state();
    CHECK(state.at("orders").at(0).at("status").as_string() == "PARTIALLY_SHIPPED");
    CHECK(state.at("confirmations").as_int64() == 1);
    CHECK(http.post_json(path, body("2", "UPS", 2)).status == 204);
    state = http.state();
    CHECK(state.at("orders").at(0).at("status").as_string() == "SHIPPED");
    CHECK(state.at("orders").at(0).at("shipments").as_array().size() == 2);
    const auto order =
        http.get("/orders/2026-01-01/orders/111-2222222-3333333?includedData=PACKAGES,FULFILLMENT")
            .json();
    CHECK(order.at("order").at("packages").as_array().size() == 2);
    CHECK(order.at("order").at("lastUpdatedTime").as_string() == "2026-01-01T00:00:00Z");
    CHECK(http.post_json(path, body("3", "UPS", 1)).status == 400); // nothing left to ship
}

TEST_CASE(
    "sandbox: late arrivals stay inside the two-minute window so a closed window never changes") {
    auto sandbox = start_sandbox(virtual_args({"--generate", "600", "--seed", "17"}));
    HttpClient http(sandbox->base_url());
    http.authenticate();
    // Move to a time when many orders are changing, then close a window and look again later.
    http.control("clock", R"({"advance_s": 7200})");
    http.authenticate();
    const auto first =
        http.get(search_path("lastUpdatedAfter=2025-12-31T00:00:00Z&maxResultsPerPage=100"));
    REQUIRE(first.status == 200);
    const auto bound = std::string(first.json().at("lastUpdatedBefore").as_string());
    const auto window = "lastUpdatedAfter=2025-12-31T00:00:00Z&lastUpdatedBefore=" + bound;
    std::vector<std::string> before;
    for (const auto& page : walk_pages(http, window)) {
        const auto doc = json::parse(page);
        for (const auto& o : doc.at("orders").as_array()) {
            before.push_back(json::serialize(o));
        }
    }
    http.control("clock", R"({"advance_s": 600})");
    std::vector<std::string> after;
    for (const auto& page : walk_pages(http, window)) {
        const auto doc = json::parse(page);
        for (const auto& o : doc.at("orders").as_array()) {
            after.push_back(json::serialize(o));
        }
    }
    CHECK(!before.empty());
    // Orders may leave the window (updated again later) but none may appear in it late.
    for (const auto& o : after) {
        CHECK(std::find(before.begin(), before.end(), o) != before.end());
    }
}

TEST_CASE("sandbox: --time-scale moves the virtual clock on its own") {
    auto sandbox = start_sandbox(virtual_args({"--time-scale", "3600"}));
    HttpClient http(sandbox->base_url());
    std::string now = std::string(http.state().at("now").as_string());
    for (int i = 0; i < 200 && now <= "2026-01-01T00:00:00Z"; ++i) {
        ::usleep(10000);
        now = std::string(http.state().at("now").as_string());
    }
    CHECK(now > "2026-01-01T00:00:00Z");
}

TEST_CASE("sandbox: a live scenario lets orders arrive, FBA orders ship and buyers cancel as the "
          "virtual clock moves, the same for the same seed") {
    const auto scenario = write_temp("live.yaml", "live: {orders: 200, hours: 10, seed: 5}\n");
    std::vector<std::string> runs[2];
    for (auto& bodies : runs) {
        auto sandbox = start_sandbox(virtual_args({"--scenario", scenario}));
        HttpClient http(sandbox->base_url());
        http.authenticate();
        const std::string query = "createdAfter=2025-12-01T00:00:00Z&includedData=FULFILLMENT,"
                                  "CANCELLATION";
        CHECK(all_orders(http, query).empty()); // nothing has happened yet
        http.control("clock", R"({"advance_s": 18000})");
        http.authenticate();
        const auto half = all_orders(http, query);
        CHECK(!half.empty());
        CHECK(half.size() < 200);
        http.control("clock", R"({"advance_s": 172800})");
        http.authenticate();
        const auto all = all_orders(http, query);
        CHECK(all.size() == 200);
        std::set<std::string> fba_statuses;
        int cancelled = 0;
        int requested = 0;
        for (const auto& o : all) {
            const auto status = std::string(o.at("fulfillment").at("fulfillmentStatus").as_string());
            if (o.at("fulfillment").at("fulfilledBy") == "AMAZON") {
                fba_statuses.insert(status);
            }
            cancelled += status == "CANCELLED" ? 1 : 0;
            const auto& item = o.at("orderItems").at(0).as_object();
            const auto* c = item.if_contains("cancellation");
            requested += status == "UNSHIPPED" && c != nullptr &&
                                 c->as_object().contains("cancellationRequest")
                             ? 1
                             : 0;
            bodies.push_back(json::serialize(o));
        }
        CHECK(fba_statuses.count("SHIPPED") == 1);
        CHECK(cancelled > 0);
        CHECK(requested > 0);
        CHECK(half.size() < all.size());
    }
    CHECK(runs[0] == runs[1]);
}
