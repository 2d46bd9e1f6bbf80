// The streaming searchOrders parser against the tree parser it stands in for: on every page it
// takes, it gives the tree parser's orders exactly; it takes no page in which the tree parser
// finds a problem (so every error message and path still comes from the tree parser); and it takes
// every clean page (else it would only be slower, never faster).
#include "spapi/order_parser.hpp"
#include "spapi/order_stream.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>
#include <fstream>
#include <functional>
#include <sstream>

using namespace amzconn;
using namespace amzconn::spapi;
namespace bj = boost::json;

namespace {

// Amazon's own example orders (searchOrders pages, and getOrder's orders as one-order pages).
std::vector<bj::value> example_pages() {
    std::ifstream in(std::string(AMZCONN_MODELS_DIR) + "/orders_2026-01-01.json");
    REQUIRE(in.good());
    std::stringstream ss;
    ss << in.rdbuf();
    const bj::value model = bj::parse(ss.str());
    std::vector<bj::value> pages;
    for (const char* path : {"/orders/2026-01-01/orders", "/orders/2026-01-01/orders/{orderId}"}) {
        const auto& examples =
            model.at("paths").at(path).at("get").at("responses").at("200").at("x-amzn-api-sandbox");
        for (const auto& ex : examples.at("static").as_array()) {
            const auto& response = ex.at("response");
            if (response.as_object().contains("order")) {
                pages.push_back(bj::value{{"orders", bj::array{response.at("order")}}});
            } else {
                pages.push_back(response);
            }
        }
    }
    REQUIRE(pages.size() >= 4);
    return pages;
}

// The stream's page is the tree's, field by field.
void check_same(const orders::SearchOrdersPage& streamed, const std::string& body) {
    auto tree = orders::parse_search_orders_tree(body, "rid");
    REQUIRE(tree.ok());
    REQUIRE(tree->rejected.empty());
    CHECK(streamed.orders == tree->orders);
    CHECK(streamed.next_token == tree->next_token);
    CHECK(streamed.last_updated_before == tree->last_updated_before);
    CHECK(streamed.created_before == tree->created_before);
    CHECK(streamed.request_id == tree->request_id);
}

// Every variant of a page with one value changed: removed, null, and each other JSON type.
void each_variant(bj::value& v, const std::function<void()>& visit) {
    if (v.is_array()) {
        for (auto& e : v.as_array()) {
            each_variant(e, visit);
        }
        return;
    }
    if (!v.is_object()) {
        return;
    }
    auto& o = v.as_object();
    std::vector<std::string> keys;
    for (const auto& kv : o) {
        keys.emplace_back(kv.key());
    }
    for (const auto& k : keys) {
        const bj::value original = o.at(k);
        for (const bj::value& replacement :
             {bj::value(nullptr), bj::value(7), bj::value(-1), bj::value(1.5), bj::value(true),
              bj::value("x"), bj::value(""), bj::value(std::string(5000, 'a')),
              bj::value(bj::object{}), bj::value(bj::array{}), bj::value(bj::array{"x"}),
              bj::value(bj::array{bj::object{}}), bj::value(std::string("a\0b", 3))}) {
            o[k] = replacement;
            visit();
        }
        o.erase(k);
        visit();
        o[k] = original;
        each_variant(o[k], visit);
    }
}

} // namespace

TEST_CASE("spapi: the streaming page parser reads Amazon's example orders as the tree parser") {
    for (const auto& page : example_pages()) {
        const std::string body = bj::serialize(page);
        auto streamed = orders::stream_search_orders(body, "rid");
        REQUIRE(streamed.has_value());
        REQUIRE_FALSE(streamed->orders.empty());
        check_same(*streamed, body);
    }
}

TEST_CASE("spapi: the streaming page parser takes only pages the tree parser finds clean") {
    size_t taken = 0;
    size_t refused = 0;
    for (auto page : example_pages()) {
        each_variant(page, [&] {
            const std::string body = bj::serialize(page);
            auto streamed = orders::stream_search_orders(body, "rid");
            auto tree = orders::parse_search_orders_tree(body, "rid");
            const bool clean = tree.ok() && tree->rejected.empty();
            CAPTURE(body);
            CHECK(streamed.has_value() == clean);
            if (streamed) {
                ++taken;
                check_same(*streamed, body);
            } else {
                ++refused;
            }
        });
    }
    CHECK(taken > 100);
    CHECK(refused > 100);
}

TEST_CASE("spapi: a page with a duplicate key or bad JSON goes to the tree parser") {
    const std::string order =
        R"({"orderId":"1","createdTime":"2026-01-01T00:00:00Z","lastUpdatedTime":)"
        R"("2026-01-01T00:00:00Z","salesChannel":{"channelName":"AMAZON"},"orderItems":[)"
        R"({"orderItemId":"1","quantityOrdered":1,"product":{"sellerSku":"S"}}]})";
    const std::string clean = R"({"orders":[)" + order + "]}";
    CHECK(orders::stream_search_orders(clean, "r").has_value());
    // The tree keeps a duplicate key's last value; the stream leaves such pages to it.
    std::string twice = clean;
    twice.insert(twice.find(R"("createdTime")"), R"("orderId":"2",)");
    CHECK_FALSE(orders::stream_search_orders(twice, "r").has_value());
    auto page = orders::parse_search_orders(twice, "r");
    auto tree = orders::parse_search_orders_tree(twice, "r");
    REQUIRE(page.ok());
    REQUIRE(tree.ok());
    REQUIRE(page->orders.size() == 1);
    CHECK(page->orders == tree->orders);
    for (const std::string& bad :
         {clean + "x", clean.substr(0, clean.size() - 1), std::string(), std::string("[]"),
          std::string(R"({"orders":[)") + std::string(40, '[')}) {
        CHECK_FALSE(orders::stream_search_orders(bad, "r").has_value());
        CHECK_FALSE(orders::parse_search_orders(bad, "r").ok());
    }
}
