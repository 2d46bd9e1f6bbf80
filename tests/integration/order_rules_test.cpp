// The order rules of issue 12 (items 6-10, 14) end to end: literal orders in the sandbox, the real
// amzconn-host with the real plugin and a real SQLite file, and the host's orders and log read
// back. Each case names the rule it proves.
#include "rig.hpp"

#include <doctest/doctest.h>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

json::object money(const char* amount, const char* currency) {
    return json::object{{"amount", amount}, {"currencyCode", currency}};
}

// One Orders 2026-01-01 order of `quantity` x `sku` at `unit` (tax `tax`, shipping 3.00).
json::object order(const std::string& id, const std::string& created, const std::string& sku,
                   int quantity, const char* unit, const char* line_total, const char* by,
                   const char* status, const char* marketplace = k_uk, const char* currency = "GBP",
                   const char* tax = nullptr, const char* grand_total = nullptr) {
    json::array breakdowns{
        json::object{{"type", "ITEM"}, {"subtotal", money(line_total, currency)}},
        json::object{{"type", "SHIPPING"}, {"subtotal", money("3.00", currency)}}};
    if (tax != nullptr) {
        breakdowns.push_back(json::object{{"type", "TAX"}, {"subtotal", money(tax, currency)}});
    }
    json::object item{
        {"orderItemId", id + "-1"},
        {"quantityOrdered", quantity},
        {"product", json::object{{"asin", "B0" + sku},
                                 {"title", "Title of " + sku},
                                 {"sellerSku", sku},
                                 {"price", json::object{{"unitPrice", money(unit, currency)}}}}},
        {"proceeds", json::object{{"proceedsTotal", money(line_total, currency)},
                                  {"breakdowns", std::move(breakdowns)}}}};
    return json::object{
        {"orderId", id},
        {"createdTime", created},
        {"lastUpdatedTime", created},
        {"programs", json::array{}},
        {"salesChannel", json::object{{"channelName", "AMAZON"}, {"marketplaceId", marketplace}}},
        {"recipient",
         json::object{{"deliveryAddress",
                       json::object{{"countryCode", marketplace == k_us ? "US" : "GB"}}}}},
        {"proceeds",
         json::object{{"grandTotal", money(grand_total ? grand_total : line_total, currency)}}},
        {"fulfillment", json::object{{"fulfillmentStatus", status},
                                     {"fulfilledBy", by},
                                     {"fulfillmentServiceLevel", "STANDARD"}}},
        {"orderItems", json::array{std::move(item)}}};
}

const std::string k_seed = R"(warehouses:
  - {code: MAIN, name: Main warehouse, is_fba: false}
  - {code: BERLIN, name: Berlin, is_fba: false}
  - {code: FBA-UK, name: Amazon FBA UK, is_fba: true}
customers:
  - {code: AMAZON-UK, name: Amazon UK customers}
products:
  - {code: MUG, description: Mug, is_assembly: false, tracking: none}
  - {code: CUP, description: Cup, is_assembly: false, tracking: none}
  - {code: P-TEA, description: Tea, barcode: "5012345678900", is_assembly: false, tracking: none}
stock_levels:
  - {product: MUG, warehouse: FBA-UK, on_hand: 10, allocated: 0}
  - {product: MUG, warehouse: MAIN, on_hand: 10, allocated: 0}
  - {product: CUP, warehouse: MAIN, on_hand: 10, allocated: 0}
  - {product: CUP, warehouse: BERLIN, on_hand: 4, allocated: 0}
  - {product: P-TEA, warehouse: BERLIN, on_hand: 2, allocated: 2}
)";

// A sandbox holding exactly `orders`, on a virtual clock at 2026-03-01, and a host seeded with
// k_seed on the same time, with `store_yaml` (the store's keys, indented by 4) installed as "t1".
struct OrderRig {
    testing::TempDir dir;
    testing::SandboxServer sandbox;
    Host host;

    explicit OrderRig(const json::array& orders)
        : sandbox({"--scenario", scenario(dir, orders), "--clock", "virtual", "--start-time",
                   "2026-03-01T00:00:00Z"}),
          host(dir.path(), sandbox.url()) {
        host.ok({"clock", "set", "2026-03-01T00:00:00Z"});
        host.ok({"seed", write_file(dir.path(), "seed.yaml", k_seed)});
    }

    static std::string scenario(const testing::TempDir& dir, const json::array& orders) {
        return write_file(dir.path(), "scenario.json",
                          json::serialize(json::object{{"seller_id", "A2SANDBOXSELLER"},
                                                       {"marketplaces", json::array{"UK", "US"}},
                                                       {"orders", orders}}));
    }

    // filters: extra keys of the store's filters block (start_date is always 2026-01-01).
    std::string config(const std::string& store_yaml, const char* primary = "UK",
                       const std::string& filters = "") const {
        return write_file(dir.path(), "config.yaml",
                          std::string("stores:\n  - alias: t1\n    marketplaces: {primary: ") +
                              primary +
                              "}\n    seller_id: A2SANDBOXSELLER\n"
                              "    endpoint: ${env:AMZCONN_SANDBOX_URL}\n    credentials:\n"
                              "      lwa_client_id: ${env:AMZCONN_DEMO_CLIENT_ID}\n"
                              "      lwa_client_secret: ${env:AMZCONN_DEMO_CLIENT_SECRET}\n"
                              "      refresh_token: ${env:AMZCONN_DEMO_REFRESH_TOKEN}\n"
                              "    status: {open: true}\n"
                              "    filters: {start_date: \"2026-01-01\"" +
                              filters + "}\n" + store_yaml);
    }

    json::object run(const std::vector<std::string>& job_and_args) const {
        std::vector<std::string> argv{"run", "--json"};
        argv.push_back(job_and_args.front());
        argv.insert(argv.end(), {"--store", "t1"});
        for (size_t i = 1; i < job_and_args.size(); ++i) {
            argv.insert(argv.end(), {"--arg", job_and_args[i]});
        }
        const auto result = host.cmd(argv);
        INFO(result.err << result.out);
        REQUIRE(result.exit_code == 0);
        return json::parse(result.out).as_object();
    }

    // The host's sales order of an Amazon order id, or an empty object.
    json::object host_order(const std::string& amazon_id) const {
        const auto dump = host.dump();
        for (const auto& entry : dump.at("sales_orders").as_array()) {
            if (str(entry.at("idempotency_key")) == "t1:" + amazon_id) {
                return entry.as_object();
            }
        }
        return {};
    }

    // The log messages about one Amazon order.
    std::vector<std::string> log_of(const std::string& amazon_id) const {
        std::vector<std::string> out;
        for (const auto& entry : host.log()) {
            if (str(entry.at("reference")) == amazon_id) {
                out.push_back(str(entry.at("message")));
            }
        }
        return out;
    }
};

bool any_contains(const std::vector<std::string>& lines, const std::string& text) {
    for (const auto& line : lines) {
        if (line.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("integration: orders: completed falls back to backordered for FBA orders too, the log "
          "says so, and Amazon's shipment leaves it backordered") {
    // MUG: 10 in FBA-UK; CUP: none there. Amazon shipped both orders.
    OrderRig rig(json::array{order("202-6000001-0000001", "2026-02-27T10:00:00Z", "MUG", 2, "9.99",
                                   "19.98", "AMAZON", "SHIPPED"),
                             order("202-6000002-0000002", "2026-02-27T11:00:00Z", "CUP", 2, "4.99",
                                   "9.98", "AMAZON", "SHIPPED")});
    rig.host.ok({"install",
                 rig.config("    orders:\n      fbm: {enabled: false}\n      fba: {enabled: true, "
                            "statuses: [shipped], host_status: completed, warehouse: FBA-UK}\n")});
    rig.run({"import_orders"});
    CHECK(str(rig.host_order("202-6000001-0000001").at("status")) == "completed");
    const auto short_order = rig.host_order("202-6000002-0000002");
    REQUIRE_FALSE(short_order.empty());
    CHECK(str(short_order.at("status")) == "backordered");
    const auto log = rig.log_of("202-6000002-0000002");
    CHECK(any_contains(log, "completed falls back to backordered: warehouse FBA-UK has 0 of "
                            "product CUP, the order needs 2"));
    CHECK(any_contains(log, "order imported as backordered"));
    CHECK_FALSE(any_contains(log, "shipped"));

    // A later walk re-reads the order (Amazon: shipped): it stays backordered for the host to
    // complete once the FBA warehouse holds the stock.
    rig.sandbox.advance(3600);
    rig.host.ok({"clock", "advance", "70m"});
    rig.run({"reconcile_orders", "from=2026-02-27"});
    CHECK(str(rig.host_order("202-6000002-0000002").at("status")) == "backordered");
}

TEST_CASE("integration: orders: install refuses a single customer the host lacks, and accepts it "
          "once the host has it") {
    OrderRig rig(json::array{order("202-7000001-0000001", "2026-02-27T10:00:00Z", "MUG", 1, "9.99",
                                   "9.99", "MERCHANT", "UNSHIPPED")});
    const auto config = rig.config("    orders:\n      fbm: {warehouse: MAIN, customer: {strategy: "
                                   "single_customer, code: AMAZON-XX}}\n");
    const auto refused = rig.host.cmd({"install", config});
    CHECK(refused.exit_code != 0);
    CHECK(refused.err.find("stores[0].orders.fbm.customer.code: customer 'AMAZON-XX' does not "
                           "exist in the host") != std::string::npos);
    CHECK(rig.host.dump().at("sales_orders").as_array().empty());
    const auto stores = rig.host.dump().at("stores");
    CHECK((stores.is_null() || stores.as_array().empty())); // nothing was installed

    rig.host.ok({"seed", write_file(rig.dir.path(), "customer.yaml",
                                    "customers:\n  - {code: AMAZON-XX, name: Amazon XX}\n")});
    rig.host.ok({"install", config});
    rig.run({"import_orders"});
    CHECK(str(rig.host_order("202-7000001-0000001").at("customer")) == "AMAZON-XX");
}

TEST_CASE("integration: orders: with tax as one order charge, lines and charges carry rate 0 and "
          "tax code NONE") {
    OrderRig rig(
        json::array{order("112-8000001-0000001", "2026-02-27T10:00:00Z", "MUG", 2, "10.00", "20.00",
                          "MERCHANT", "UNSHIPPED", k_us, "USD", "1.65", "24.65")});
    rig.host.ok({"install", rig.config("    orders:\n      fbm: {warehouse: MAIN}\n"
                                       "    taxes: {mode: order_charge}\n",
                                       "US")});
    rig.run({"import_orders"});
    const auto doc = rig.host_order("112-8000001-0000001");
    REQUIRE_FALSE(doc.empty());
    for (const auto& line : doc.at("lines").as_array()) {
        CHECK(str(line.at("tax_rate")) == "0");
        CHECK(str(line.at("tax_code")) == "NONE");
    }
    bool tax_charge = false;
    for (const auto& charge : doc.at("charges").as_array()) {
        CHECK(str(charge.at("tax_rate")) == "0");
        CHECK(str(charge.at("tax_code")) == "NONE");
        tax_charge =
            tax_charge || (str(charge.at("kind")) == "tax" && str(charge.at("amount")) == "1.65");
    }
    CHECK(tax_charge);
    CHECK(str(doc.at("totals").at("total")) == "24.65");
}

TEST_CASE("integration: orders: a date-only 'to' covers that whole day, and the report states "
          "the window") {
    OrderRig rig(json::array{order("202-9000001-0000001", "2026-01-25T10:00:00Z", "MUG", 1, "9.99",
                                   "9.99", "MERCHANT", "UNSHIPPED"),
                             order("202-9000002-0000002", "2026-01-26T23:30:00Z", "MUG", 1, "9.99",
                                   "9.99", "MERCHANT", "UNSHIPPED"),
                             order("202-9000003-0000003", "2026-01-27T00:10:00Z", "MUG", 1, "9.99",
                                   "9.99", "MERCHANT", "UNSHIPPED")});
    rig.host.ok({"install", rig.config("    orders:\n      fbm: {warehouse: MAIN}\n")});
    const auto report = rig.run({"import_missing_orders", "from=2026-01-25", "to=2026-01-26"});
    CHECK(report_count(report, "imported") == 2);
    CHECK_FALSE(rig.host_order("202-9000002-0000002").empty()); // late on the 26th
    CHECK(rig.host_order("202-9000003-0000003").empty());       // the 27th
    CHECK(json::serialize(report.at("messages"))
              .find("window: orders created from 2026-01-25T00:00:00Z to "
                    "2026-01-27T00:00:00Z (exclusive)") != std::string::npos);

    const auto reconciled = rig.run({"reconcile_orders", "from=2026-01-25", "to=2026-01-26"});
    CHECK(json::serialize(reconciled.at("messages"))
              .find("window: orders created from 2026-01-25T00:00:00Z to "
                    "2026-01-27T00:00:00Z (exclusive)") != std::string::npos);
    CHECK(report_count(reconciled, "imported") == 0); // both of the window's orders are in the host

    // A day that is not over yet (the host clock is at 2026-03-01T00:00Z): the window stays open
    // up to Amazon's now, which Amazon accepts, and the report says so.
    const auto today = rig.run({"import_missing_orders", "from=2026-01-27", "to=2026-03-01"});
    CHECK(report_count(today, "imported") == 1);
    CHECK(json::serialize(today.at("messages"))
              .find("window: orders created from 2026-01-27T00:00:00Z to Amazon's now") !=
          std::string::npos);
}

TEST_CASE("integration: orders: products.sku_attribute barcode finds the product by its barcode "
          "field") {
    OrderRig rig(json::array{order("202-1100001-0000001", "2026-02-27T10:00:00Z", "5012345678900",
                                   1, "3.50", "3.50", "MERCHANT", "UNSHIPPED")});
    rig.host.ok({"install", rig.config("    orders:\n      fbm: {warehouse: MAIN}\n"
                                       "    products: {sku_attribute: barcode}\n")});
    const auto report = rig.run({"import_orders"});
    CHECK(report_count(report, "parked") == 0);
    const auto doc = rig.host_order("202-1100001-0000001");
    REQUIRE_FALSE(doc.empty());
    CHECK(str(doc.at("lines").at(0).at("product")) == "P-TEA");
}

TEST_CASE("integration: orders: the inventory-location filter matches warehouse codes and items "
          "kept there even when sold out, and install warns about a location no warehouse has") {
    // CUP is stocked in BERLIN, P-TEA is kept there but sold out (all allocated), MUG is not
    // kept there at all.
    OrderRig rig(json::array{order("202-1200001-0000001", "2026-02-27T10:00:00Z", "CUP", 1, "4.99",
                                   "4.99", "MERCHANT", "UNSHIPPED"),
                             order("202-1200002-0000002", "2026-02-27T11:00:00Z", "MUG", 1, "9.99",
                                   "9.99", "MERCHANT", "UNSHIPPED"),
                             order("202-1200003-0000003", "2026-02-27T12:00:00Z", "P-TEA", 1,
                                   "3.99", "3.99", "MERCHANT", "UNSHIPPED")});
    const auto installed =
        rig.host.ok({"install", rig.config("    orders:\n      fbm: {warehouse: MAIN}\n", "UK",
                                           ", inventory_locations: [BERLIN, Berlin]")});
    CHECK(installed.find("'Berlin' is no host warehouse code") != std::string::npos);
    CHECK(installed.find("'BERLIN' is no") == std::string::npos);
    rig.run({"import_orders"});
    CHECK_FALSE(rig.host_order("202-1200001-0000001").empty());
    CHECK(rig.host_order("202-1200002-0000002").empty());
    CHECK_FALSE(rig.host_order("202-1200003-0000003").empty()); // sold out, still BERLIN's
}

} // namespace amzconn::integration
