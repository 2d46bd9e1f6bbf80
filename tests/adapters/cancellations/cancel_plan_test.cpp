// The cancellation rules: host cancellation + imported order -> one acknowledgement message or a
// refusal.
#include "cancellations/cancel_plan.hpp"
#include "cancellations/cancel_reasons.hpp"

#include <doctest/doctest.h>

using namespace amzconn::cancellations;

namespace {

CancelOrder two_item_order() {
    CancelOrder order;
    order.amazon_order_id = "026-1111111-1111111";
    order.items = {{"11111111111111", "MUG-BLUE", 3, 0, 0}, {"22222222222222", "MUG-RED", 1, 0, 0}};
    return order;
}

HostCancellation cancellation(std::string reason = "", std::vector<CancelLine> lines = {}) {
    return {"uk1:026-1111111-1111111", "uk1:026-1111111-1111111", std::move(reason),
            std::move(lines)};
}

AckMessage message(const CancelPlan& plan) {
    REQUIRE(std::holds_alternative<AckMessage>(plan));
    return std::get<AckMessage>(plan);
}

Refusal refusal(const CancelPlan& plan) {
    REQUIRE(std::holds_alternative<Refusal>(plan));
    return std::get<Refusal>(plan);
}

} // namespace

TEST_CASE("cancellations: every one of Amazon's ten CancelReason values is accepted") {
    CHECK(k_cancel_reasons.size() == 10);
    for (const auto reason : k_cancel_reasons) {
        CHECK_FALSE(reason_problem(reason).has_value());
    }
}

TEST_CASE("cancellations: an unknown reason is refused with the list of Amazon's reasons") {
    const auto problem = reason_problem("CustomerCancel");
    REQUIRE(problem.has_value());
    CHECK(problem->find("'CustomerCancel'") != std::string::npos);
    CHECK(problem->find(cancel_reason_list()) != std::string::npos);
    CHECK(cancel_reason_list().find("MerchandiseNotReceived") != std::string::npos);
    const auto plan = plan_cancellation({}, cancellation("PricingError"), two_item_order());
    CHECK(refusal(plan).reason.find("NoInventory, ShippingAddressUndeliverable") !=
          std::string::npos);
}

TEST_CASE("cancellations: without a host reason the store's default reason is sent") {
    CancellationSettings settings;
    settings.default_reason = "GeneralAdjustment";
    const auto m = message(plan_cancellation(settings, cancellation(), two_item_order()));
    for (const auto& item : m.items) {
        CHECK(item.reason == "GeneralAdjustment");
    }
    const auto host =
        message(plan_cancellation(settings, cancellation("BuyerCanceled"), two_item_order()));
    CHECK(host.items.front().reason == "BuyerCanceled");
}

TEST_CASE("cancellations: a whole-order cancellation lists every item with its open units") {
    auto order = two_item_order();
    order.items[0].cancelled = 1;
    const auto m = message(plan_cancellation({}, cancellation(), order));
    CHECK(m.amazon_order_id == "026-1111111-1111111");
    REQUIRE(m.items.size() == 2);
    CHECK(m.items[0].order_item_id == "11111111111111");
    CHECK(m.items[0].quantity == 2);
    CHECK(m.items[1].quantity == 1);
    CHECK(m.items[0].reason == "NoInventory");
}

TEST_CASE("cancellations: listed lines cancel those units only, spread over items of the SKU") {
    auto order = two_item_order();
    order.items.push_back({"33333333333333", "MUG-BLUE", 2, 0, 0});
    const auto m =
        message(plan_cancellation({}, cancellation("NoInventory", {{"MUG-BLUE", 4}}), order));
    REQUIRE(m.items.size() == 2);
    CHECK(m.items[0].order_item_id == "11111111111111");
    CHECK(m.items[0].quantity == 3);
    CHECK(m.items[1].order_item_id == "33333333333333");
    CHECK(m.items[1].quantity == 1);
    const auto red =
        message(plan_cancellation({}, cancellation("", {{"MUG-RED", 1}}), two_item_order()));
    REQUIRE(red.items.size() == 1);
    CHECK(red.items[0].order_item_id == "22222222222222");
}

TEST_CASE("cancellations: repeated lines of one SKU add up") {
    const auto m = message(plan_cancellation(
        {}, cancellation("", {{"MUG-BLUE", 1}, {"MUG-BLUE", 1}}), two_item_order()));
    REQUIRE(m.items.size() == 1);
    CHECK(m.items[0].quantity == 2);
}

TEST_CASE("cancellations: more units than are open is refused, naming what is left") {
    auto order = two_item_order();
    order.items[0].shipped = 2;
    const auto r = refusal(plan_cancellation({}, cancellation("", {{"MUG-BLUE", 2}}), order));
    CHECK(r.reason.find("1 unit(s) of SKU MUG-BLUE left to cancel, not 2") != std::string::npos);
}

TEST_CASE("cancellations: a SKU that is not in the order is refused") {
    const auto r =
        refusal(plan_cancellation({}, cancellation("", {{"MUG-GREEN", 1}}), two_item_order()));
    CHECK(r.reason.find("MUG-GREEN is not an item") != std::string::npos);
    const auto zero =
        refusal(plan_cancellation({}, cancellation("", {{"MUG-BLUE", 0}}), two_item_order()));
    CHECK(zero.reason.find("positive quantity") != std::string::npos);
}

TEST_CASE("cancellations: a shipped order is refused, pointing to refunds and returns") {
    auto order = two_item_order();
    order.shipped = true;
    const auto r = refusal(plan_cancellation({}, cancellation(), order));
    CHECK(r.reason.find("is shipped") != std::string::npos);
    CHECK(r.fix.find("refund") != std::string::npos);
    CHECK(r.fix.find("return") != std::string::npos);

    auto all_shipped = two_item_order();
    all_shipped.items[0].shipped = 3;
    all_shipped.items[1].shipped = 1;
    CHECK(refusal(plan_cancellation({}, cancellation(), all_shipped)).reason.find("is shipped") !=
          std::string::npos);
    CHECK(refusal(plan_cancellation({}, cancellation("", {{"MUG-RED", 1}}), all_shipped))
              .reason.find("is shipped") != std::string::npos);
}

TEST_CASE("cancellations: a partly shipped order cancels only its unshipped units") {
    auto order = two_item_order();
    order.items[0].shipped = 3;
    const auto m = message(plan_cancellation({}, cancellation(), order));
    REQUIRE(m.items.size() == 1);
    CHECK(m.items[0].order_item_id == "22222222222222");
}

TEST_CASE("cancellations: an order with everything cancelled already has nothing to send") {
    auto order = two_item_order();
    order.items[0].cancelled = 3;
    order.items[1].cancelled = 1;
    CHECK(refusal(plan_cancellation({}, cancellation(), order)).reason.find("nothing left") !=
          std::string::npos);
}

TEST_CASE("cancellations: FBA, day orders and orders without item ids are refused with a fix") {
    auto fba = two_item_order();
    fba.fulfilled_by_amazon = true;
    CHECK(refusal(plan_cancellation({}, cancellation(), fba)).reason.find("FBA") !=
          std::string::npos);
    auto day = two_item_order();
    day.consolidated = true;
    CHECK(refusal(plan_cancellation({}, cancellation(), day)).fix.find("one by one") !=
          std::string::npos);
    auto bare = two_item_order();
    bare.items.clear();
    CHECK(refusal(plan_cancellation({}, cancellation(), bare)).fix.find("import_missing_orders") !=
          std::string::npos);
}
