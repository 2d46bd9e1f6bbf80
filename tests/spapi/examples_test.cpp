// Every official static sandbox example (x-amzn-api-sandbox in Amazon's models) of the
// operations the client implements parses with the strict parsers; and bad payloads from the
// reliability plan §2.3 are refused with the field path and the request id.
#include "spapi/documents_api.hpp"
#include "spapi/inventory_api.hpp"
#include "spapi/listings_api.hpp"
#include "spapi/order_parser.hpp"
#include "spapi/sellers_api.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

using namespace amzconn;
using namespace amzconn::spapi;
namespace bj = boost::json;

namespace {

bj::value load_model(const std::string& file) {
    std::ifstream in(std::string(AMZCONN_MODELS_DIR) + "/" + file);
    REQUIRE(in.good());
    std::stringstream ss;
    ss << in.rdbuf();
    return bj::parse(ss.str());
}

using Parser = std::function<std::string(const std::string& body)>; // "" = ok, else error

template <typename R>
std::string outcome(const R& r) {
    return r.ok() ? std::string() : r.error().describe();
}

std::map<std::string, Parser> parsers() {
    return {
        {"searchOrders",
         [](const std::string& b) {
             auto r = orders::parse_search_orders(b, "rid");
             if (r.ok() && !r->rejected.empty()) {
                 return r->rejected[0].error.describe();
             }
             return outcome(r);
         }},
        {"getOrder",
         [](const std::string& b) { return outcome(orders::parse_get_order(b, "rid")); }},
        {"createFeedDocument",
         [](const std::string& b) {
             return outcome(documents::parse_create_feed_document(b, "r"));
         }},
        {"createFeed",
         [](const std::string& b) { return outcome(documents::parse_create_feed(b, "r")); }},
        {"getFeed", [](const std::string& b) { return outcome(documents::parse_feed(b, "r")); }},
        {"getFeedDocument",
         [](const std::string& b) {
             return outcome(documents::parse_document(b, "r", "feedDocumentId"));
         }},
        {"createReport",
         [](const std::string& b) { return outcome(documents::parse_create_report(b, "r")); }},
        {"getReport",
         [](const std::string& b) { return outcome(documents::parse_report(b, "r")); }},
        {"getReportDocument",
         [](const std::string& b) {
             return outcome(documents::parse_document(b, "r", "reportDocumentId"));
         }},
        {"getListingsItem",
         [](const std::string& b) { return outcome(listings::parse_listings_item(b, "r")); }},
        {"patchListingsItem",
         [](const std::string& b) { return outcome(listings::parse_submission(b, "r")); }},
        {"getInventorySummaries",
         [](const std::string& b) { return outcome(inventory::parse_inventory_page(b, "r")); }},
        {"getMarketplaceParticipations",
         [](const std::string& b) { return outcome(sellers::parse_participations(b, "r")); }},
    };
}

} // namespace

TEST_CASE("spapi: every official static sandbox example of the client's operations parses") {
    auto table = parsers();
    std::map<std::string, int> parsed;
    for (const char* file :
         {"orders_2026-01-01.json", "feeds_2021-06-30.json", "reports_2021-06-30.json",
          "listingsItems_2021-08-01.json", "fbaInventory.json", "sellers.json"}) {
        bj::value model = load_model(file);
        for (const auto& [path, ops] : model.at("paths").as_object()) {
            for (const auto& [method, op] : ops.as_object()) {
                if (!op.is_object() || !op.as_object().contains("operationId")) {
                    continue;
                }
                std::string id(op.at("operationId").as_string());
                auto parser = table.find(id);
                if (parser == table.end()) {
                    continue;
                }
                for (const auto& [code, resp] : op.at("responses").as_object()) {
                    if (code.size() != 3 || code[0] != '2' || !resp.is_object()) {
                        continue;
                    }
                    const auto* sandbox = resp.as_object().if_contains("x-amzn-api-sandbox");
                    if (sandbox == nullptr || !sandbox->as_object().contains("static")) {
                        continue;
                    }
                    for (const auto& ex : sandbox->at("static").as_array()) {
                        const auto* body = ex.as_object().if_contains("response");
                        if (body == nullptr) {
                            continue;
                        }
                        std::string text = bj::serialize(*body);
                        CAPTURE(file);
                        CAPTURE(id);
                        CHECK(parser->second(text) == "");
                        ++parsed[id];
                    }
                }
            }
        }
    }
    for (const auto& [id, parser] : table) {
        if (id == "getInventorySummaries") {
            continue; // fbaInventory.json has no static example; see the next case
        }
        CAPTURE(id);
        CHECK(parsed[id] >= 1);
    }
}

TEST_CASE("spapi: an inventory summaries page in the model's shape parses") {
    auto page = inventory::parse_inventory_page(
        R"({"payload":{"granularity":{"granularityType":"Marketplace","granularityId":"X"},)"
        R"("inventorySummaries":[{"asin":"B0","fnSku":"X0","sellerSku":"S-1","condition":)"
        R"("NewItem","inventoryDetails":{"fulfillableQuantity":7},"lastUpdatedTime":)"
        R"("2026-01-01T00:00:00Z","productName":"P","totalQuantity":9}]},)"
        R"("pagination":{"nextToken":"n+1"}})",
        "r");
    REQUIRE(page.ok());
    REQUIRE(page->summaries.size() == 1);
    CHECK(page->summaries[0].fulfillable_quantity == 7);
    CHECK(page->next_token == "n+1");
    CHECK_FALSE(inventory::parse_inventory_page(R"({"payload":{"inventorySummaries":[{)"
                                                R"("totalQuantity":"9"}]}})",
                                                "r")
                    .ok());
}

TEST_CASE("spapi: the 2026 examples map to exact money, UTC times and enums") {
    bj::value model = load_model("orders_2026-01-01.json");
    const auto& ex = model.at("paths")
                         .at("/orders/2026-01-01/orders")
                         .at("get")
                         .at("responses")
                         .at("200")
                         .at("x-amzn-api-sandbox")
                         .at("static")
                         .at(0)
                         .at("response");
    auto page = orders::parse_search_orders(bj::serialize(ex), "rid-1");
    REQUIRE(page.ok());
    REQUIRE_FALSE(page->orders.empty());
    const auto& o = page->orders[0];
    CHECK(o.sales_channel.marketplace_id == "A1VC38T7YXB528");
    REQUIRE(o.fulfillment.has_value());
    REQUIRE_FALSE(o.order_items.empty());
    const auto& item = o.order_items[0];
    REQUIRE(item.product.unit_price.has_value());
    CHECK(item.product.unit_price->currency == "JPY");
    CHECK_FALSE(item.product.unit_price->finer_than_currency);
    REQUIRE(item.proceeds.has_value());
    bool found_item_line = false;
    for (const auto& b : item.proceeds->breakdowns) {
        if (b.type == "ITEM") {
            found_item_line = true;
            // Line total = unit price x quantity (2 x 6980 = 13960 JPY in Amazon's example).
            CHECK(*b.subtotal.minor_units() ==
                  *item.product.unit_price->minor_units() * item.quantity_ordered);
        }
    }
    CHECK(found_item_line);
    CHECK(o.created_time.unix_ms > 0);
}

namespace {

std::string minimal_order(const std::string& patch_item = "", const std::string& patch_order = "") {
    return R"({"orderId":"123-1234567-1234567","createdTime":"2026-01-01T00:00:00Z",)"
           R"("lastUpdatedTime":"2026-01-01T00:00:00Z","salesChannel":{"channelName":"AMAZON",)"
           R"("marketplaceId":"ATVPDKIKX0DER"},"fulfillment":{"fulfillmentStatus":"UNSHIPPED"},)" +
           patch_order + R"("orderItems":[{"orderItemId":"1","quantityOrdered":1,"product":{)" +
           patch_item + R"("sellerSku":"S"}}]})";
}

std::string page_of(const std::string& order) {
    return R"({"orders":[)" + order + R"(],"pagination":{"nextToken":"t"}})";
}

std::string first_rejection(const std::string& body) {
    auto page = orders::parse_search_orders(body, "REQ-42");
    if (!page.ok()) {
        return "page:" + page.error().describe();
    }
    if (page->rejected.empty()) {
        return "";
    }
    return page->rejected[0].error.describe();
}

} // namespace

TEST_CASE("spapi: a minimal valid order parses and unknown fields are ignored") {
    auto page = orders::parse_search_orders(
        page_of(minimal_order("", R"("someFutureField":{"x":[1,2]},)")), "r");
    REQUIRE(page.ok());
    CHECK(page->orders.size() == 1);
    CHECK(page->rejected.empty());
    CHECK(page->next_token == "t");
}

TEST_CASE("spapi: bad money in an order is refused with the field path and request id") {
    for (const char* amount : {R"("1e3")", R"("NaN")", R"(" 1.00")", R"("1,00")", R"(19.99)",
                               R"("Infinity")", R"("+1")"}) {
        CAPTURE(amount);
        std::string price = std::string(R"("price":{"unitPrice":{"amount":)") + amount +
                            R"(,"currencyCode":"USD"}},)";
        std::string why = first_rejection(page_of(minimal_order(price)));
        CHECK(why.find("orders[0].orderItems[0].product.price.unitPrice") != std::string::npos);
        CHECK(why.find("REQ-42") != std::string::npos);
    }
    std::string lower = R"("price":{"unitPrice":{"amount":"1.00","currencyCode":"usd"}},)";
    CHECK(first_rejection(page_of(minimal_order(lower))).find("currency") != std::string::npos);
}

TEST_CASE("spapi: bad quantities, ids, dates and enums are refused with their path") {
    auto with_qty = [](const std::string& q) {
        std::string o = minimal_order();
        auto pos = o.find(R"("quantityOrdered":1)");
        return o.replace(pos, 19, R"("quantityOrdered":)" + q);
    };
    for (const char* q : {"18446744073709551616", "-1", "1.5", "1e400", R"("5")"}) {
        CAPTURE(q);
        CHECK(
            first_rejection(page_of(with_qty(q))).find("orders[0].orderItems[0].quantityOrdered") !=
            std::string::npos);
    }
    auto with = [](const std::string& from, const std::string& to) {
        std::string o = minimal_order();
        return o.replace(o.find(from), from.size(), to);
    };
    CHECK(first_rejection(page_of(with(R"("orderId":"123-1234567-1234567")", R"("orderId":"")")))
              .find("orders[0].orderId") != std::string::npos);
    CHECK(first_rejection(
              page_of(with(R"("orderId":"123-1234567-1234567")", R"("orderId":"12\u00003")")))
              .find("NUL") != std::string::npos);
    CHECK(first_rejection(page_of(with(R"("orderId":"123-1234567-1234567")", R"("orderId":7)")))
              .find("orders[0].orderId") != std::string::npos);
    CHECK(first_rejection(page_of(with(R"("createdTime":"2026-01-01T00:00:00Z")",
                                       R"("createdTime":"2024-02-30T00:00:00Z")")))
              .find("orders[0].createdTime") != std::string::npos);
    CHECK(first_rejection(page_of(with(R"("fulfillmentStatus":"UNSHIPPED")",
                                       R"("fulfillmentStatus":"Shipped")")))
              .find("orders[0].fulfillment.fulfillmentStatus") != std::string::npos);
    CHECK(first_rejection(page_of(with(R"("orderItems":[)", R"("orderItemz":[)")))
              .find("orders[0].orderItems") != std::string::npos);
}

TEST_CASE("spapi: one bad order is parked and the rest of the page still parses") {
    std::string bad = minimal_order();
    bad.replace(bad.find(R"("quantityOrdered":1)"), 19, R"("quantityOrdered":-1)");
    std::string good = minimal_order();
    auto page = orders::parse_search_orders(R"({"orders":[)" + bad + "," + good + "]}", "r");
    REQUIRE(page.ok());
    CHECK(page->orders.size() == 1);
    REQUIRE(page->rejected.size() == 1);
    CHECK(page->rejected[0].order_id == "123-1234567-1234567");
}

TEST_CASE("spapi: an order without a readable id is rejected with its position and no id") {
    const std::string good = minimal_order();
    auto with_id = [&](const std::string& id) {
        std::string o = good;
        const std::string from = R"("orderId":"123-1234567-1234567")";
        return id.empty() ? o.replace(o.find(from), from.size() + 1, "")
                          : o.replace(o.find(from), from.size(), R"("orderId":)" + id);
    };
    for (const std::string& bad :
         {std::string("null"), with_id(""), with_id("null"), with_id(R"("")"), with_id("7"),
          with_id("\"" + std::string(65, 'A') + "\""), with_id(R"("12\u00003")")}) {
        CAPTURE(bad);
        auto page = orders::parse_search_orders(
            R"({"orders":[)" + good + "," + good + "," + bad + "]}", "REQ-7");
        REQUIRE(page.ok());
        CHECK(page->orders.size() == 2);
        REQUIRE(page->rejected.size() == 1);
        CHECK(page->rejected[0].order_id.empty());
        CHECK(page->rejected[0].position == 2);
        CHECK(page->rejected[0].error.describe().find("REQ-7") != std::string::npos);
        CHECK(page->rejected[0].error.message.find("orders[2]") != std::string::npos);
    }
}

TEST_CASE("spapi: malformed pages are data errors: truncated, wrong schema, too deep, garbage") {
    auto err = [](const std::string& body) {
        auto r = orders::parse_search_orders(body, "RID");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::data);
        CHECK(r.error().request_id == "RID");
        return r.error().message;
    };
    std::string full = page_of(minimal_order());
    CHECK(err(full.substr(0, full.size() / 2)).find("incomplete") != std::string::npos);
    CHECK(err(R"({"orders":null})").find("orders") != std::string::npos);
    CHECK(err(R"({"orders":{}})").find("orders") != std::string::npos);
    CHECK(err(R"({"Orders":[]})").find("orders") != std::string::npos);
    CHECK(err(R"([])").find("object") != std::string::npos);
    CHECK_FALSE(err("").empty());
    CHECK_FALSE(err(full + "garbage").empty());
    CHECK_FALSE(err("\xEF\xBB\xBF" + full).empty());
    CHECK_FALSE(err(std::string(33, '[') + std::string(33, ']')).empty());
    CHECK_FALSE(err(std::string(100000, '[')).empty());
    CHECK_FALSE(err("{\"orders\":[],\"x\":\"\xC3\x28\"}").empty());
    std::string many = R"({"orders":[)";
    for (int i = 0; i < 101; ++i) {
        many += (i == 0 ? "" : ",") + minimal_order();
    }
    CHECK(err(many + "]}").find("more than 100") != std::string::npos);
}
