// Units cancelled at Amazon (by the buyer or Amazon, not through the seller's feed) come off the
// unshipped host order's lines at the next import, down to what the sandbox (Amazon) still holds
// of each SKU, with the order's totals; importing again changes nothing, and shipping the rest of
// the order ships what Amazon still holds.
#include "base/money.hpp"
#include "cancellation_rig.hpp"
#include "shipment_rig.hpp"

#include <doctest/doctest.h>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

const json::object& host_order(const json::object& dump, const std::string& key) {
    for (const auto& order : dump.at("sales_orders").as_array()) {
        if (str(order.at("idempotency_key")) == key) {
            return order.as_object();
        }
    }
    FAIL("the host has no order " << key);
    throw std::logic_error("unreachable");
}

int64_t host_units(const json::object& order, const std::string& sku) {
    int64_t units = 0;
    for (const auto& line : order.at("lines").as_array()) {
        units += str(line.at("sku")) == sku ? num(line.at("quantity")) : 0;
    }
    return units;
}

// Units of the SKU Amazon still holds on the order: ordered minus cancelled.
int64_t amazon_units(const DemoRig& rig, const std::string& order_id, const std::string& sku) {
    const auto state = rig.sandbox.state();
    const auto* order = sandbox_order(state, order_id);
    REQUIRE(order != nullptr);
    int64_t units = 0;
    for (const auto& item : order->at("items").as_array()) {
        if (str(item.at("sellerSku")) == sku) {
            units += num(item.at("quantityOrdered")) - num(item.at("quantityCancelled"));
        }
    }
    return units;
}

std::string item_id(const DemoRig& rig, const std::string& order_id, const std::string& sku) {
    const auto state = rig.sandbox.state();
    for (const auto& item : sandbox_order(state, order_id)->at("items").as_array()) {
        if (str(item.at("sellerSku")) == sku) {
            return str(item.at("orderItemId"));
        }
    }
    FAIL("no item of " << sku);
    return "";
}

money::Decimal total_of(const json::object& order) {
    return money::parse_decimal(str(order.at("totals").at("total"))).value();
}

} // namespace

TEST_CASE("integration: cancellations: units the buyer cancels at Amazon take the host order's "
          "line and totals down to what Amazon still holds, once") {
    DemoRig rig(120, 83);
    rig.import_until_ok();
    PlannedCancel partial;
    for (const auto& p : plan_cancels(rig, rig.alias, 9)) {
        partial = partial.sku.empty() ? p : partial;
    }
    REQUIRE_FALSE(partial.sku.empty());
    const auto key = rig.alias + ":" + partial.order_id;
    const auto before = host_order(rig.host.dump(), key);
    const auto units_before = host_units(before, partial.sku);
    REQUIRE(units_before >= 2);

    rig.sandbox.post(
        "/_sandbox/amazon_cancellations",
        json::object{
            {"cancellations", json::array{json::object{
                                  {"order_id", partial.order_id},
                                  {"order_item_id", item_id(rig, partial.order_id, partial.sku)},
                                  {"quantity", 1},
                                  {"by", "BUYER"},
                                  {"reason", "NoLongerNeeded"}}}}});
    REQUIRE(amazon_units(rig, partial.order_id, partial.sku) == units_before - 1);
    advance(rig, 3);
    rig.import_until_ok();

    const auto dump = rig.host.dump();
    const auto& after = host_order(dump, key);
    CHECK(host_units(after, partial.sku) == amazon_units(rig, partial.order_id, partial.sku));
    CHECK(money::compare(total_of(after), total_of(before)) < 0);
    CHECK(str(after.at("metadata").at("amazon_cancelled_items"))
              .find("1 of " + partial.sku + " (BUYER") != std::string::npos);
    bool logged = false;
    for (const auto& line : rig.host.log()) {
        logged |= str(line.at("message")).find("the order's lines gave up 1 of " + partial.sku) !=
                  std::string::npos;
    }
    CHECK(logged);

    advance(rig, 3);
    rig.import_until_ok();
    const auto again = host_order(rig.host.dump(), key);
    CHECK(host_units(again, partial.sku) == units_before - 1);
    CHECK(money::compare(total_of(again), total_of(after)) == 0);

    // Shipping the rest of the order confirms what Amazon still holds, not the cancelled unit.
    const std::vector<PlannedShipment> rest{{partial.order_id, "1Z-AMZ-CANCEL-1", "UPS", {}}};
    REQUIRE(record_shipments(rig, rest).at(0).exit_code == 0);
    confirm_until_done(rig);
    const auto check = check_shipments(rig, rest);
    CHECK_MESSAGE(check.problems.empty(), (check.problems.empty() ? "" : check.problems.front()));
    CHECK(check.confirmed == 1);
    const auto state = rig.sandbox.state();
    for (const auto& item : sandbox_order(state, partial.order_id)->at("items").as_array()) {
        CHECK(num(item.at("quantityShipped")) ==
              num(item.at("quantityOrdered")) - num(item.at("quantityCancelled")));
    }
}

} // namespace amzconn::integration
