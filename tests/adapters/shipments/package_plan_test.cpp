// The shipment rules: host shipment + imported order -> one confirmShipment package or a refusal.
#include "shipments/carrier_codes.hpp"
#include "shipments/package_plan.hpp"

#include <doctest/doctest.h>

using namespace amzconn;
using namespace amzconn::shipments;

namespace {

ShipmentOrder two_item_order() {
    ShipmentOrder order;
    order.amazon_order_id = "026-1111111-1111111";
    order.marketplace_id = "A1F83G8C2ARO7P";
    order.items = {{"11111111111111", "MUG-BLUE", 3}, {"22222222222222", "MUG-RED", 1}};
    return order;
}

HostShipment shipment(std::vector<ShipmentLine> lines = {}) {
    HostShipment s;
    s.order = "uk1:026-1111111-1111111";
    s.tracking = "RM123456789GB";
    s.key = s.order + "#" + s.tracking;
    s.carrier = "Royal Mail";
    s.service = "Tracked 48";
    s.shipped_at = time::Timestamp{1768572000000};
    s.lines = std::move(lines);
    return s;
}

PackagePlan package(const ShipmentPlan& plan) {
    REQUIRE(std::holds_alternative<PackagePlan>(plan));
    return std::get<PackagePlan>(plan);
}

Refusal refusal(const ShipmentPlan& plan) {
    REQUIRE(std::holds_alternative<Refusal>(plan));
    return std::get<Refusal>(plan);
}

} // namespace

TEST_CASE("shipments: a whole-order shipment sends every unshipped unit with its order item ids") {
    const auto plan = plan_package({}, shipment(), two_item_order(), {});
    const auto p = package(plan);
    CHECK(p.amazon_order_id == "026-1111111-1111111");
    CHECK(p.marketplace_id == "A1F83G8C2ARO7P");
    REQUIRE(p.items.size() == 2);
    CHECK(p.items[0].order_item_id == "11111111111111");
    CHECK(p.items[0].quantity == 3);
    CHECK(p.items[1].order_item_id == "22222222222222");
    CHECK(p.items[1].quantity == 1);
    CHECK(p.tracking_number == "RM123456789GB");
    CHECK(p.shipping_method == "Tracked 48");
    CHECK(p.ship_date.unix_ms == 1768572000000);
}

TEST_CASE("shipments: a partial shipment sends only its lines' units") {
    const auto plan = plan_package({}, shipment({{"MUG-BLUE", 2}}), two_item_order(), {});
    const auto p = package(plan);
    REQUIRE(p.items.size() == 1);
    CHECK(p.items[0].order_item_id == "11111111111111");
    CHECK(p.items[0].quantity == 2);
}

TEST_CASE("shipments: a second package takes what the first left, a whole-order one the rest") {
    const CoveredQuantities covered{{"11111111111111", 2}};
    auto second = shipment({{"MUG-BLUE", 1}, {"MUG-RED", 1}});
    second.tracking = "RM2";
    second.key = second.order + "#RM2";
    const auto p = package(plan_package({}, second, two_item_order(), covered));
    REQUIRE(p.items.size() == 2);
    CHECK(p.items[0].quantity == 1);
    CHECK(p.items[1].quantity == 1);

    const auto rest = package(plan_package({}, shipment(), two_item_order(), covered));
    REQUIRE(rest.items.size() == 2);
    CHECK(rest.items[0].quantity == 1);
    CHECK(rest.items[1].quantity == 1);
}

TEST_CASE("shipments: a SKU on two order items is split over both") {
    auto order = two_item_order();
    order.items.push_back({"33333333333333", "MUG-BLUE", 2});
    const auto p = package(plan_package({}, shipment({{"MUG-BLUE", 2}, {"MUG-BLUE", 2}}), order,
                                        {{"11111111111111", 1}}));
    REQUIRE(p.items.size() == 2);
    CHECK(p.items[0].order_item_id == "11111111111111");
    CHECK(p.items[0].quantity == 2);
    CHECK(p.items[1].order_item_id == "33333333333333");
    CHECK(p.items[1].quantity == 2);
}

TEST_CASE("shipments: more units than are left unshipped, or a SKU not on the order, is refused") {
    const auto over = refusal(
        plan_package({}, shipment({{"MUG-BLUE", 3}}), two_item_order(), {{"11111111111111", 1}}));
    CHECK(over.reason.find("only 2 are left unshipped") != std::string::npos);
    CHECK(over.fix.find("lines") != std::string::npos);
    const auto foreign = refusal(plan_package({}, shipment({{"TEAPOT", 1}}), two_item_order(), {}));
    CHECK(foreign.reason.find("SKU TEAPOT is not on Amazon order") != std::string::npos);
    const CoveredQuantities all{{"11111111111111", 3}, {"22222222222222", 1}};
    const auto nothing = refusal(plan_package({}, shipment(), two_item_order(), all));
    CHECK(nothing.reason.find("already cover every unit") != std::string::npos);
}

TEST_CASE("shipments: FBA and consolidated orders, and orders without item ids, are refused") {
    auto fba = two_item_order();
    fba.fulfilled_by_amazon = true;
    CHECK(refusal(plan_package({}, shipment(), fba, {})).reason.find("fulfilled by Amazon") !=
          std::string::npos);
    auto day = two_item_order();
    day.consolidated = true;
    CHECK(refusal(plan_package({}, shipment(), day, {})).reason.find("consolidated") !=
          std::string::npos);
    auto old = two_item_order();
    old.items.clear();
    CHECK(refusal(plan_package({}, shipment(), old, {})).fix.find("retry_parked") !=
          std::string::npos);
}

TEST_CASE("shipments: the package reference is numeric, stable per shipment, distinct per "
          "shipment") {
    const auto a = package_reference_id("uk1:026-1111111-1111111#RM1");
    CHECK(a == package_reference_id("uk1:026-1111111-1111111#RM1"));
    CHECK(a != package_reference_id("uk1:026-1111111-1111111#RM2"));
    CHECK(!a.empty());
    CHECK(a.size() <= 15);
    CHECK(a.find_first_not_of("0123456789") == std::string::npos);
    CHECK(a != "0");
    CHECK(package(plan_package({}, shipment(), two_item_order(), {})).package_reference_id ==
          package_reference_id(shipment().key));
}

TEST_CASE("shipments: carriers map through shipping.carriers, Amazon's own codes, then the "
          "default") {
    ShipmentSettings settings;
    settings.carriers = {{"RM Tracked", "Royal Mail"}, {"dhl paket", "DHL"}};
    auto mapped = choose_carrier(settings, "RM Tracked");
    REQUIRE(mapped);
    CHECK(mapped->code == "Royal Mail");
    CHECK(mapped->name.empty());
    CHECK(choose_carrier(settings, "DHL Paket")->code == "DHL"); // case ignored
    CHECK(choose_carrier(settings, "fedex")->code == "FedEx");   // Amazon's spelling
    CHECK(choose_carrier(settings, "Hermes Logistik Gruppe")->code == "Hermes Logistik Gruppe");
    const auto other = choose_carrier(settings, "Bob's Vans");
    REQUIRE(other);
    CHECK(other->code == "Other");
    CHECK(other->name == "Bob's Vans");
    settings.default_carrier = "dpd";
    CHECK(choose_carrier(settings, "Bob's Vans")->code == "DPD");
}

TEST_CASE("shipments: without a host carrier the defaults apply, Other needs a name") {
    ShipmentSettings settings;
    CHECK_FALSE(choose_carrier(settings, ""));
    auto s = shipment();
    s.carrier.clear();
    s.service.clear();
    CHECK(refusal(plan_package(settings, s, two_item_order(), {}))
              .fix.find("shipping.default_method") != std::string::npos);
    settings.default_method = "Own van";
    settings.default_service = "Standard";
    const auto p = package(plan_package(settings, s, two_item_order(), {}));
    CHECK(p.carrier_code == "Other");
    CHECK(p.carrier_name == "Own van");
    CHECK(p.shipping_method == "Standard");
    settings.default_carrier = "UPS";
    const auto ups = package(plan_package(settings, s, two_item_order(), {}));
    CHECK(ups.carrier_code == "UPS");
    CHECK(ups.carrier_name.empty());
}

TEST_CASE("shipments: the supply source comes from the config unless the host order names one") {
    ShipmentSettings settings;
    settings.supply_source_id = "WAREHOUSE-1";
    auto order = two_item_order();
    CHECK(package(plan_package(settings, shipment(), order, {})).supply_source_id == "WAREHOUSE-1");
    order.supply_source_id = "SHOP-2";
    CHECK(package(plan_package(settings, shipment(), order, {})).supply_source_id == "SHOP-2");
}

TEST_CASE("shipments: the carrier code list is Amazon's, with Other") {
    CHECK(amazon_carrier_code("Other").has_value());
    CHECK(amazon_carrier_code("royal mail") == std::optional<std::string_view>("Royal Mail"));
    CHECK(amazon_carrier_code("Deutsche Post").has_value());
    CHECK_FALSE(amazon_carrier_code("Bob's Vans").has_value());
    CHECK(amazon_carrier_codes().size() > 50);
}
