// Store status and sync level (issue 6 §2): a closed store makes no Amazon call, reopening it
// catches up the orders placed while it was closed (or, with status.on_open
// catch_up_from_install, walks again from install time), and stock_only imports no orders.
#include "rig.hpp"

#include <doctest/doctest.h>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

// A new order at Amazon, placed now: a copy of an existing one under a fresh id.
json::object new_order(const json::object& like, const std::string& id, const std::string& now) {
    json::object order = like;
    order["orderId"] = id;
    order["createdTime"] = now;
    return order;
}

std::string wanted_fbm_id(const json::object& state) {
    for (const auto& entry : state.at("orders").as_array()) {
        const auto& order = entry.as_object();
        if (demo_wants(order) && str(order.at("fulfilledBy")) == "MERCHANT") {
            return str(order.at("orderId"));
        }
    }
    return {};
}

} // namespace

TEST_CASE("integration: a closed store makes no Amazon call and reopening catches up") {
    DemoRig rig(120, 61);
    rig.import_until_ok();
    const auto imported = rig.host.dump().at("sales_orders").as_array().size();
    rig.host.ok({"store", "close", rig.alias});

    // Orders placed while the store is closed.
    rig.sandbox.advance(3600);
    const auto state = rig.sandbox.state();
    const auto model = rig.sandbox.get_order(wanted_fbm_id(state));
    const auto now = str(state.at("now"));
    rig.sandbox.put_orders({new_order(model, "202-9000001-0000001", now),
                            new_order(model, "202-9000002-0000002", now)});
    rig.sandbox.advance(600);
    rig.host.ok({"clock", "advance", "70m"});
    // Taken after the test's own getOrder calls above.
    const auto calls_before = rig.sandbox.state().at("calls");

    const auto closed = rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias});
    INFO(closed.err << closed.out);
    CHECK(rig.sandbox.state().at("calls") == calls_before);
    CHECK(rig.host.dump().at("sales_orders").as_array().size() == imported);

    rig.host.ok({"store", "open", rig.alias});
    rig.import_until_ok();
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.exact());
    CHECK(rig.host.dump().at("sales_orders").as_array().size() == imported + 2);
}

TEST_CASE("integration: status.on_open catch_up_from_install walks again from install time on "
          "opening, and finds an order the cursor had passed, each order once") {
    std::string config = demo_config("demo");
    const std::string from = "status: {open: true}";
    REQUIRE(config.find(from) != std::string::npos);
    config.replace(config.find(from), from.size(),
                   "status: {open: true, on_open: catch_up_from_install}");
    DemoRig rig(120, 63, {}, config);
    rig.import_until_ok();
    const auto imported = rig.host.dump().at("sales_orders").as_array().size();
    rig.host.ok({"store", "close", rig.alias});

    // An order Amazon shows only now, dated (created and last updated) hours before the cursor:
    // an import that goes on from its cursor never reads that far back.
    const auto state = rig.sandbox.state();
    json::object earliest;
    for (const auto& entry : state.at("orders").as_array()) {
        const auto& order = entry.as_object();
        if (demo_wants(order) && str(order.at("fulfilledBy")) == "MERCHANT" &&
            (earliest.empty() || str(order.at("createdTime")) < str(earliest.at("createdTime")))) {
            earliest = order;
        }
    }
    REQUIRE_FALSE(earliest.empty());
    auto late = new_order(rig.sandbox.get_order(str(earliest.at("orderId"))), "202-9000003-0000003",
                          str(earliest.at("createdTime")));
    late["lastUpdatedTime"] = earliest.at("createdTime");
    rig.sandbox.put_orders({late});
    rig.sandbox.advance(600); // past Amazon's two-minute visibility rule
    rig.host.ok({"clock", "advance", "10m"});

    rig.host.ok({"store", "open", rig.alias});
    const auto log = rig.host.cmd({"log", "--store", rig.alias, "--level", "INFO"});
    CHECK(log.out.find("walks again from filters.start_date or install time") != std::string::npos);
    rig.import_until_ok();
    const auto c = rig.compare_now();
    INFO(c.summary());
    INFO(rig.host.cmd({"log", "--store", rig.alias, "--level", "ALL", "--since", "30d"}).out);
    CHECK(c.exact()); // the late order in, nothing twice
    CHECK(rig.host.dump().at("sales_orders").as_array().size() == imported + 1);
}

TEST_CASE("integration: a stock_only store imports no orders") {
    DemoRig rig(120, 62, {}, demo_config("demo") + "    sync_level: stock_only\n");
    const auto result = rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias});
    INFO(result.err << result.out);
    CHECK(rig.host.dump().at("sales_orders").as_array().empty());
    CHECK(rig.sandbox.calls("searchOrders") == 0);
}

} // namespace amzconn::integration
