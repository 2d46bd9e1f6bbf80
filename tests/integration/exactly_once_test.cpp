// Exactly once (issue 6 §4): the host holds each wanted sandbox order once at Amazon's latest
// status; a re-run imports nothing new; later Amazon changes reach the host, never backwards.
#include "rig.hpp"

#include <doctest/doctest.h>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

json::object report_of(const testing::ProcessResult& result) {
    REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    return json::parse(result.out).as_object();
}

const json::object* host_order(const json::object& dump, const std::string& key) {
    for (const auto& entry : dump.at("sales_orders").as_array()) {
        if (str(entry.as_object().at("idempotency_key")) == key) {
            return &entry.as_object();
        }
    }
    return nullptr;
}

json::object with_status(json::object order, const char* status) {
    order["fulfillment"].as_object()["fulfillmentStatus"] = status;
    return order;
}

// The first sandbox order of the state that matches.
std::string first_order(const json::object& state, const std::string& fulfilled_by,
                        const std::string& status) {
    for (const auto& entry : state.at("orders").as_array()) {
        const auto& order = entry.as_object();
        if (demo_wants(order) && str(order.at("fulfilledBy")) == fulfilled_by &&
            str(order.at("status")) == status) {
            return str(order.at("orderId"));
        }
    }
    return {};
}

} // namespace

TEST_CASE("integration: after import the host holds each wanted sandbox order exactly once") {
    DemoRig rig(80, 7);
    CHECK(rig.host.import_until_ok(rig.alias) == 1);
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.expected > 20);
    CHECK(c.exact());
}

TEST_CASE("integration: a second import_orders run imports nothing new") {
    DemoRig rig(80, 11);
    rig.host.import_until_ok(rig.alias);
    const auto before = rig.host.dump().at("sales_orders").as_array().size();
    rig.sandbox.advance(600);
    rig.host.ok({"clock", "advance", "10m"});
    const auto report =
        report_of(rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias}));
    CHECK(str(report.at("status")) == "ok");
    CHECK(report_count(report, "imported") == 0);
    CHECK(rig.host.dump().at("sales_orders").as_array().size() == before);
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.exact());
}

TEST_CASE("integration: import_missing_orders by date imports only the store's marketplaces") {
    DemoRig rig(80, 7);
    const auto report = report_of(rig.host.cmd({"run", "--json", "import_missing_orders", "--store",
                                                rig.alias, "--arg", "from=2026-01-01"}));
    CHECK(report_count(report, "imported") > 20);
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.exact());
}

TEST_CASE("integration: an Amazon cancellation and an FBA shipment reach the host order, never "
          "backwards") {
    // FBA unshipped orders are imported too, so a later FBA shipment has something to move.
    std::string yaml = demo_config("demo");
    const std::string fba = "fba: {enabled: true, warehouse: FBA}";
    yaml.replace(yaml.find(fba), fba.size(),
                 "fba: {enabled: true, warehouse: FBA, statuses: [unshipped, shipped]}");
    DemoRig rig(80, 7, {}, yaml);
    const auto state = rig.sandbox.state();
    const auto fbm_id = first_order(state, "MERCHANT", "UNSHIPPED");
    const auto fba_id = first_order(state, "AMAZON", "SHIPPED");
    REQUIRE(!fbm_id.empty());
    REQUIRE(!fba_id.empty());
    // The FBA order starts unshipped on Amazon.
    rig.sandbox.advance(60);
    rig.sandbox.put_orders({with_status(rig.sandbox.get_order(fba_id), "UNSHIPPED")});
    rig.sandbox.advance(600);
    rig.host.import_until_ok(rig.alias);
    auto dump = rig.host.dump();
    REQUIRE(host_order(dump, "demo:" + fbm_id));
    REQUIRE(host_order(dump, "demo:" + fba_id));
    CHECK(str(host_order(dump, "demo:" + fbm_id)->at("status")) == "placed");
    CHECK(str(host_order(dump, "demo:" + fba_id)->at("status")) == "placed");

    // Amazon cancels the FBM order and ships the FBA one.
    rig.sandbox.advance(600);
    rig.sandbox.put_orders({with_status(rig.sandbox.get_order(fbm_id), "CANCELLED"),
                            with_status(rig.sandbox.get_order(fba_id), "SHIPPED")});
    rig.sandbox.advance(600);
    rig.host.ok({"clock", "advance", "20m"});
    auto report = report_of(rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias}));
    CHECK(report_count(report, "updated") >= 2);
    CHECK(report_count(report, "imported") == 0);
    dump = rig.host.dump();
    CHECK(str(host_order(dump, "demo:" + fbm_id)->at("status")) == "cancelled");
    CHECK(str(host_order(dump, "demo:" + fba_id)->at("status")) == "shipped");

    // A later, older-looking status at Amazon never moves a host order backwards.
    rig.sandbox.advance(600);
    rig.sandbox.put_orders({with_status(rig.sandbox.get_order(fbm_id), "UNSHIPPED"),
                            with_status(rig.sandbox.get_order(fba_id), "UNSHIPPED")});
    rig.sandbox.advance(600);
    rig.host.ok({"clock", "advance", "20m"});
    report = report_of(rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias}));
    CHECK(report_count(report, "updated") == 0);
    dump = rig.host.dump();
    CHECK(str(host_order(dump, "demo:" + fbm_id)->at("status")) == "cancelled");
    CHECK(str(host_order(dump, "demo:" + fba_id)->at("status")) == "shipped");
    // Still each order once.
    size_t fbm_copies = 0;
    for (const auto& entry : dump.at("sales_orders").as_array()) {
        const auto& meta = entry.as_object().at("metadata").as_object();
        fbm_copies += str(meta.at("amazon_order_id")) == fbm_id ? 1u : 0u;
    }
    CHECK(fbm_copies == 1);
}

} // namespace amzconn::integration
