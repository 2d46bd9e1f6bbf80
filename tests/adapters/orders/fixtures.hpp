// Test inputs for the order rules: Amazon orders as JSON parsed by the real spapi parser, store
// configs as YAML loaded by the real config loader (and turned into the rules' settings the way
// the plugin does), and host views.
#pragma once

#include "amzconn/config/config.hpp"
#include "amzconn/entities.hpp"
#include "orders/map_order.hpp"
#include "orders/order_settings.hpp" // plugin/src: StoreConfig -> OrderSettings
#include "orders/products.hpp"
#include "spapi/order_parser.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>
#include <sstream>
#include <string>

namespace fx {

namespace bj = boost::json;
using amzconn::orders::HostView;
using amzconn::orders::OrderSettings;
using amzconn::spapi::orders::Order;

// Buyer data that must never reach a log note.
inline constexpr const char* k_canary_name = "CANARY-NAME-Zelda Quux";
inline constexpr const char* k_canary_email = "canary-mail-7f3@marketplace.amazon.co.uk";
inline constexpr const char* k_canary_phone = "+44 7700 CANARY";
inline constexpr const char* k_canary_street = "CANARY-STREET 1 Quux Lane";
inline constexpr const char* k_canary_city = "CANARY-CITY";
inline constexpr const char* k_canary_postal = "CANARY-PC1";

inline bj::object money(const char* amount, const char* currency = "GBP") {
    return bj::object{{"amount", amount}, {"currencyCode", currency}};
}

// One line of `quantity` x `unit` with its ITEM proceeds.
inline bj::object item(const char* sku, int64_t quantity, const char* unit, const char* line_total,
                       const char* currency = "GBP") {
    bj::object product{{"asin", std::string("B0") + sku},
                       {"title", std::string("Title of ") + sku},
                       {"sellerSku", sku},
                       {"price", bj::object{{"unitPrice", money(unit, currency)}}}};
    bj::array breakdowns{bj::object{{"type", "ITEM"}, {"subtotal", money(line_total, currency)}}};
    return bj::object{{"orderItemId", std::string("1000") + std::to_string(quantity)},
                      {"quantityOrdered", quantity},
                      {"product", std::move(product)},
                      {"proceeds", bj::object{{"proceedsTotal", money(line_total, currency)},
                                              {"breakdowns", std::move(breakdowns)}}}};
}

inline void add_breakdown(bj::object& item_obj, const char* type, const char* amount,
                          const char* currency = "GBP") {
    item_obj["proceeds"].as_object()["breakdowns"].as_array().push_back(
        bj::object{{"type", type}, {"subtotal", money(amount, currency)}});
}

inline void add_detailed(bj::object& item_obj, const char* type, const char* total,
                         std::initializer_list<std::pair<const char*, const char*>> parts,
                         const char* currency = "GBP") {
    bj::array details;
    for (const auto& [subtype, value] : parts) {
        details.push_back(bj::object{{"subtype", subtype}, {"value", money(value, currency)}});
    }
    item_obj["proceeds"].as_object()["breakdowns"].as_array().push_back(bj::object{
        {"type", type}, {"subtotal", money(total, currency)}, {"detailedBreakdowns", details}});
}

// An FBM UK order, UNSHIPPED, one line of 2 x MUG-UK at 9.99, with buyer data set to canaries.
inline bj::object base_order() {
    bj::object address{{"name", k_canary_name},       {"addressLine1", k_canary_street},
                       {"city", k_canary_city},       {"postalCode", k_canary_postal},
                       {"countryCode", "GB"},         {"phone", k_canary_phone},
                       {"addressType", "RESIDENTIAL"}};
    return bj::object{
        {"orderId", "202-0000001-0000001"},
        {"createdTime", "2026-01-15T10:04:00Z"},
        {"lastUpdatedTime", "2026-01-15T11:00:00Z"},
        {"programs", bj::array{}},
        {"salesChannel", bj::object{{"channelName", "AMAZON"},
                                    {"marketplaceId", "A1F83G8C2ARO7P"},
                                    {"marketplaceName", "Amazon.co.uk"}}},
        {"buyer", bj::object{{"buyerName", k_canary_name}, {"buyerEmail", k_canary_email}}},
        {"recipient", bj::object{{"deliveryAddress", address}}},
        {"proceeds", bj::object{{"grandTotal", money("19.98")}}},
        {"fulfillment", bj::object{{"fulfillmentStatus", "UNSHIPPED"},
                                   {"fulfilledBy", "MERCHANT"},
                                   {"fulfillmentServiceLevel", "STANDARD"}}},
        {"orderItems", bj::array{item("MUG-UK", 2, "9.99", "19.98")}}};
}

inline bj::object& first_item(bj::object& order) {
    return order["orderItems"].as_array()[0].as_object();
}

inline void set_status(bj::object& order, const char* status, const char* by = nullptr) {
    auto& f = order["fulfillment"].as_object();
    f["fulfillmentStatus"] = status;
    if (by != nullptr) {
        f["fulfilledBy"] = by;
    }
}

inline void set_total(bj::object& order, const char* amount, const char* currency = "GBP") {
    order["proceeds"].as_object()["grandTotal"] = money(amount, currency);
}

inline Order parse(const bj::object& order) {
    bj::object wrapper{{"order", order}};
    auto r = amzconn::spapi::orders::parse_get_order(bj::serialize(wrapper), "test-request");
    if (!r.ok()) {
        FAIL("the test order does not parse: " << r.error().describe());
    }
    return std::move(r).value();
}

// A store "uk1" on Amazon UK; `extra` is YAML at the store's level (no indentation).
inline OrderSettings store(const std::string& extra = {}, const char* primary = "UK") {
    std::string yaml = std::string("stores:\n  - alias: uk1\n    marketplaces: {primary: ") +
                       primary +
                       "}\n    seller_id: A2EXAMPLE1UK\n    credentials:\n"
                       "      lwa_client_id: ${env:AMZ_ID}\n"
                       "      lwa_client_secret: ${env:AMZ_SECRET}\n"
                       "      refresh_token: ${env:AMZ_TOKEN}\n"
                       "    status: {open: true}\n";
    std::istringstream lines(extra);
    for (std::string line; std::getline(lines, line);) {
        yaml += "    " + line + "\n";
    }
    amzconn::config::LoadContext ctx;
    ctx.env_defined = [](std::string_view) { return true; };
    auto loaded = amzconn::config::load("test.yaml", yaml, ctx);
    if (!loaded.ok()) {
        std::string all;
        for (const auto& d : loaded.diagnostics) {
            all += amzconn::config::format(d) + "\n";
        }
        FAIL("the test config does not load:\n" << all << yaml);
    }
    return amzconn::plugin::order_settings(loaded.config->stores.at(0));
}

// A host that knows MUG-UK (product code MUG) with plenty of stock in MAIN.
inline HostView host() {
    HostView h;
    h.products["MUG-UK"] = amzconn::orders::HostProduct{"MUG", amzconn::orders::Tracking::none, {}};
    h.stock[{"MUG", "MAIN"}].available = 100;
    h.default_warehouse = "MAIN";
    h.single_customers = {"AMAZON-UK", "AMAZON-FBM", "AMAZON-FBA", "C1"};
    return h;
}

inline bj::object doc_of(const amzconn::orders::MapResult& r) {
    REQUIRE(r.is_import());
    return bj::object(r.import().sales_order, bj::storage_ptr()); // outlives the plan's arena
}

inline std::string str(const bj::value& v) {
    return std::string(v.as_string());
}

// A host that holds every product the orders name (code "P-" + its lookup key), with
// `available` units in every warehouse the seed-style configs use, and the configs' single
// customers.
inline HostView host_holding(const std::vector<Order>& orders, const OrderSettings& store,
                             int64_t available) {
    HostView host;
    host.default_warehouse = "MAIN";
    for (const auto* channel : {&store.orders.fbm, &store.orders.fba}) {
        if (channel->customer.code) {
            host.single_customers.insert(*channel->customer.code);
        }
    }
    for (const auto& o : orders) {
        for (const auto& key : amzconn::orders::lookup_keys(o, store.products)) {
            const std::string code = "P-" + key;
            host.products[key] =
                amzconn::orders::HostProduct{code, amzconn::orders::Tracking::none, {}};
            for (const char* w : {"MAIN", "FBA", "FBA-UK", "FBA-US", "Berlin"}) {
                host.stock[{code, w}].available = available;
            }
        }
    }
    return host;
}

} // namespace fx
