// Amazon's official example orders (x-amzn-api-sandbox in orders_2026-01-01.json), parsed by
// the spapi parser and mapped under every seed-style example config.
#include "base/marketplaces.hpp"
#include "fixtures.hpp"
#include "orders/products.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace amzconn::orders;
using fx::Order;
using fx::OrderSettings;
namespace fs = std::filesystem;

namespace {

std::vector<Order> official_orders() {
    std::ifstream in(std::string(AMZCONN_MODELS_DIR) + "/orders_2026-01-01.json");
    REQUIRE(in.good());
    std::stringstream ss;
    ss << in.rdbuf();
    auto model = fx::bj::parse(ss.str()).as_object();
    std::vector<Order> out;
    auto& paths = model["paths"].as_object();
    for (const char* path : {"/orders/2026-01-01/orders", "/orders/2026-01-01/orders/{orderId}"}) {
        auto& examples = paths[path]
                             .as_object()["get"]
                             .as_object()["responses"]
                             .as_object()["200"]
                             .as_object()["x-amzn-api-sandbox"]
                             .as_object()["static"]
                             .as_array();
        for (const auto& e : examples) {
            const auto body = fx::bj::serialize(e.as_object().at("response"));
            if (std::string(path).find("{orderId}") != std::string::npos) {
                auto r = amzconn::spapi::orders::parse_get_order(body, "example");
                REQUIRE(r.ok());
                out.push_back(std::move(r).value());
            } else {
                auto r = amzconn::spapi::orders::parse_search_orders(body, "example");
                REQUIRE(r.ok());
                REQUIRE(r->rejected.empty());
                for (auto& o : r->orders) {
                    out.push_back(std::move(o));
                }
            }
        }
    }
    return out;
}

std::vector<OrderSettings> example_stores() {
    std::vector<OrderSettings> out;
    amzconn::config::LoadContext ctx;
    ctx.env_defined = [](std::string_view) { return true; };
    ctx.env_value = [](std::string_view) -> std::optional<std::string> {
        return std::string("http://127.0.0.1:1");
    };
    for (const auto& entry : fs::directory_iterator(AMZCONN_CONFIG_EXAMPLES_DIR)) {
        if (entry.path().extension() != ".yaml") {
            continue;
        }
        auto loaded = amzconn::config::load_file(entry.path(), ctx);
        CHECK_MESSAGE(loaded.ok(), entry.path().string());
        if (!loaded.ok()) {
            continue;
        }
        for (auto& s : loaded.config->stores) {
            out.push_back(amzconn::plugin::order_settings(s));
        }
    }
    return out;
}

} // namespace

TEST_CASE("orders: Amazon's official example orders map under every seed-style config") {
    const auto orders = official_orders();
    REQUIRE(orders.size() == 6);
    const auto stores = example_stores();
    REQUIRE(stores.size() >= 6);
    int imported = 0;
    std::set<std::string> decisions;
    for (const auto& store : stores) {
        const auto host = fx::host_holding(orders, store, 100);
        for (const auto& order : orders) {
            CAPTURE(store.alias);
            CAPTURE(order.order_id);
            auto r = map_order(order, store, host);
            // Every decision is one of the five, with a reason where it is not an import.
            if (r.is_import()) {
                ++imported;
                decisions.insert("import");
                auto valid = amzconn::validate_entity_tree("sales_order", r.import().sales_order);
                CHECK_MESSAGE(valid.ok(), (valid.ok() ? "" : valid.error().message));
                if (r.import().customer) {
                    CHECK(amzconn::validate_entity_tree("customer", *r.import().customer).ok());
                }
                // Every example reconciles exactly, except where a config insists that prices
                // include tax on a marketplace where Amazon adds it on top (the US example with
                // its 10.00 tax under de-shop's prices_include_tax: true): that residual is
                // reported, not rebalanced.
                const auto* m =
                    amzconn::amazon::find_marketplace(order.sales_channel.marketplace_id);
                const bool forced =
                    store.taxes.prices_include_tax == amzconn::orders::PricesIncludeTax::yes &&
                    m != nullptr && !m->vat_inclusive;
                if (!forced) {
                    CHECK_FALSE(r.import().reconciliation.residual);
                } else if (order.order_id == "114-9876543-1234567") {
                    REQUIRE(r.import().reconciliation.residual);
                    CHECK(*r.import().reconciliation.residual == "10.00");
                }
                auto doc = r.import().sales_order;
                auto meta = doc["metadata"].as_object();
                if (!r.import().consolidated) {
                    CHECK(fx::str(meta["amazon_order_id"]) == order.order_id);
                    CHECK(r.import().idempotency_key == store.alias + ":" + order.order_id);
                }
            } else if (r.is_skip()) {
                decisions.insert("skip");
                CHECK_FALSE(r.skip().reason.empty());
            } else if (r.is_park()) {
                decisions.insert("park");
                CHECK_FALSE(r.park().fix.empty());
            } else if (r.is_wait()) {
                decisions.insert("wait");
            } else {
                decisions.insert("update");
            }
        }
    }
    CHECK(imported >= 6);
    CHECK(decisions.count("import") == 1);
    CHECK(decisions.count("skip") == 1); // FBA off, statuses, filters
}

TEST_CASE("orders: the JP example maps exactly: two lines, JPY without decimals, Prime, AFN") {
    const auto orders = official_orders();
    const Order& jp = orders.at(0);
    REQUIRE(jp.order_id == "250-1234567-8901234");
    auto store =
        fx::store("orders:\n  fba: {enabled: true, warehouse: FBA-JP, statuses: [shipped], "
                  "host_status: completed}",
                  "JP");
    HostView host;
    host.products["ECHO-DOT-4-JP-CHARCOAL"] = HostProduct{"ECHO", Tracking::none, {}};
    host.products["FIRE-TV-4K-MAX-JP"] = HostProduct{"FIRE", Tracking::none, {}};
    host.stock[{"ECHO", "FBA-JP"}].available = 5;
    host.stock[{"FIRE", "FBA-JP"}].available = 5;
    auto r = map_order(jp, store, host);
    auto doc = fx::doc_of(r);
    // Configured completed is final: Amazon's shipment does not change it.
    CHECK(fx::str(doc["status"]) == "completed");
    CHECK(fx::str(doc["warehouse"]) == "FBA-JP");
    CHECK(fx::str(doc["customer"]) == "uk1 FBA JPY Amazon Guests");
    auto lines = doc["lines"].as_array();
    REQUIRE(lines.size() == 2);
    CHECK(fx::str(lines[1].as_object()["unit_price"]) == "6980");
    CHECK(lines[1].as_object()["quantity"].as_int64() == 2);
    CHECK(fx::str(doc["totals"].as_object()["total"]) == "19940");
    CHECK(fx::str(doc["metadata"].as_object()["amazon_fulfillment_channel"]) == "AFN");
    CHECK(fx::str(doc["metadata"].as_object()["is_prime"]) == "true");
    CHECK(fx::str(doc["metadata"].as_object()["seller_order_id"]) == "JP-ORDER-2024-001");
    CHECK(*r.import().reconciliation.amazon_total == "19940");
}
