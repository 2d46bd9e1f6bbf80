// Shipments back to Amazon (issue 14): host shipments written with `event shipped` reach the
// sandbox exactly once per package, with the right items and carrier, across faults; Amazon's
// refusals are parked; the next import brings the shipped state back without a new shipment.
#include "shipment_rig.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

const json::object* find_order(const json::object& state, const std::string& id) {
    for (const auto& entry : state.at("orders").as_array()) {
        if (str(entry.at("orderId")) == id) {
            return &entry.as_object();
        }
    }
    return nullptr;
}

void expect_exact(const DemoRig& rig, const std::vector<PlannedShipment>& planned) {
    const auto check = check_shipments(rig, planned);
    std::string problems;
    for (const auto& p : check.problems) {
        problems += "\n  " + p;
    }
    INFO(problems);
    CHECK(check.problems.empty());
    CHECK(check.confirmed + check.parked == planned.size());
    CHECK(check.confirmed * 10 >= planned.size() * 7); // parked ones are Amazon's own refusals
}

} // namespace

TEST_CASE("integration: shipments: event shipped confirms each package at once, exactly once, "
          "with its items and carrier") {
    DemoRig rig(120, 71);
    rig.import_until_ok();
    const auto planned = plan_shipments(rig, 10);
    REQUIRE(planned.size() >= 10);
    for (const auto& result : record_shipments(rig, planned)) {
        INFO(result.err);
        CHECK(result.exit_code == 0);
    }
    expect_exact(rig, planned);

    const auto state = rig.sandbox.state();
    const auto* first = find_order(state, planned.front().order_id);
    REQUIRE(first != nullptr);
    const auto& shipment = first->at("shipments").as_array().front().as_object();
    CHECK(str(shipment.at("carrierCode")) == "Royal Mail");
    CHECK(str(shipment.at("shippingMethod")) == "Standard");
    CHECK(str(shipment.at("shipDate")) == "2026-03-01T00:00:00Z");
    bool other_seen = false;
    for (const auto& p : planned) {
        if (p.carrier != "Bob's Vans") {
            continue;
        }
        for (const auto& s : find_order(state, p.order_id)->at("shipments").as_array()) {
            other_seen = true;
            CHECK(str(s.at("carrierCode")) == "Other");
            CHECK(str(s.at("carrierName")) == "Bob's Vans");
        }
    }
    CHECK(other_seen);

    // Running the job again sends nothing: every package is recorded as confirmed.
    const auto calls = rig.sandbox.calls("confirmShipment");
    const auto again =
        json::parse(rig.host.ok({"run", "--json", "confirm_shipments", "--store", rig.alias}))
            .as_object();
    CHECK(again.at("counts").as_object().at("sent").to_number<int64_t>() == 0);
    CHECK(rig.sandbox.calls("confirmShipment") == calls);
}

TEST_CASE("integration: shipments: the next import shows Amazon's shipped state and creates no "
          "shipment") {
    DemoRig rig(80, 72);
    rig.import_until_ok();
    const auto planned = plan_shipments(rig, 6);
    REQUIRE(!planned.empty());
    record_shipments(rig, planned);
    const auto shipments_before = rig.host.dump().at("shipments").as_array().size();
    CHECK(shipments_before == planned.size());
    rig.sandbox.advance(600);
    rig.host.ok({"clock", "advance", "10m"});
    rig.import_until_ok();
    const auto dump = rig.host.dump();
    CHECK(dump.at("shipments").as_array().size() == shipments_before);
    const auto state = rig.sandbox.state();
    size_t shipped = 0;
    for (const auto& entry : dump.at("sales_orders").as_array()) {
        const auto id = str(entry.at("metadata").at("amazon_order_id"));
        const auto* order = find_order(state, id);
        if (order && str(order->at("status")) == "SHIPPED" &&
            str(order->at("fulfilledBy")) != "AMAZON") {
            ++shipped;
            CHECK(str(entry.at("status")) == "shipped");
        }
    }
    CHECK(shipped >= planned.size() / 2);
    const auto calls = rig.sandbox.calls("confirmShipment");
    confirm_until_done(rig);
    CHECK(rig.sandbox.calls("confirmShipment") == calls);
}

TEST_CASE("integration: shipments: a shipment for an order not imported yet waits, then goes") {
    DemoRig rig(60, 73);
    rig.import_until_ok();
    auto planned = plan_shipments(rig, 1);
    REQUIRE(!planned.empty());
    // Recorded while the store is closed: nothing is sent until it opens.
    rig.host.ok({"store", "close", rig.alias});
    record_shipments(rig, {planned.back()});
    rig.host.ok({"store", "open", rig.alias});
    CHECK(rig.sandbox.calls("confirmShipment") == 0);
    // An unknown order key: the shipment waits, nothing is sent.
    rig.host.ok({"event", "shipped", "--order", rig.alias + ":999-0000000-0000000", "--tracking",
                 "WAIT1", "--carrier", "UPS"});
    const auto report =
        json::parse(rig.host.ok({"run", "--json", "confirm_shipments", "--store", rig.alias}))
            .as_object();
    CHECK(report.at("counts").as_object().at("waiting").to_number<int64_t>() == 1);
    CHECK(report.at("counts").as_object().at("sent").to_number<int64_t>() == 1);
    expect_exact(rig, {planned.back()});
}

TEST_CASE("integration: shipments: with shipping.enabled false nothing reaches Amazon, the "
          "shipments stay in the host, and confirm_shipments is neither scheduled nor ok") {
    DemoRig rig(60, 74, {}, demo_config("demo") + "    shipping: {enabled: false}\n");
    rig.import_until_ok();
    auto planned = plan_shipments(rig, 1);
    REQUIRE(!planned.empty());
    const auto events = record_shipments(rig, {planned.back()}); // `event shipped`, as a host does
    REQUIRE(events.size() == 1);
    INFO(events[0].out << events[0].err);
    CHECK(events[0].out.find("\"status\":\"not_applicable\"") != std::string::npos);
    const auto report =
        json::parse(rig.host.ok({"run", "--json", "confirm_shipments", "--store", rig.alias}))
            .as_object();
    CHECK(str(report.at("status")) == "not_applicable");
    CHECK(str(report.at("messages").at(0)).find("shipping.enabled is false") != std::string::npos);
    CHECK(rig.sandbox.calls("confirmShipment") == 0);
    CHECK_FALSE(rig.host.dump().at("shipments").as_array().empty()); // kept in the host
    const auto stores = rig.host.ok({"store", "list"});
    CHECK(stores.find("confirm_shipments") == std::string::npos);
    CHECK(stores.find("import_orders") != std::string::npos);
}

TEST_CASE("integration: shipments: an order imported before amzconn kept Amazon's item ids gets "
          "them from Amazon") {
    DemoRig rig(60, 76);
    rig.import_until_ok();
    auto planned = plan_shipments(rig, 1);
    REQUIRE(!planned.empty());
    const auto key = rig.alias + ":" + planned.back().order_id;
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(rig.host.db().c_str(), &db) == SQLITE_OK);
    const std::string forget = "UPDATE entities SET doc = json_remove(doc, "
                               "'$.metadata.amazon_order_items') WHERE kind = 'sales_order' AND "
                               "key = '" +
                               key + "'";
    CHECK(sqlite3_exec(db, forget.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK(sqlite3_changes(db) == 1);
    sqlite3_close(db);
    const auto calls = rig.sandbox.calls("getOrder");
    record_shipments(rig, {planned.back()});
    CHECK(rig.sandbox.calls("getOrder") > calls);
    expect_exact(rig, {planned.back()});
    CHECK(check_shipments(rig, {planned.back()}).confirmed == 1);
}

TEST_CASE("integration: shipments: Amazon's refusals are parked with the reason, never retried "
          "as they are") {
    DemoRig rig(60, 74);
    rig.import_until_ok();
    auto planned = plan_shipments(rig, 1);
    REQUIRE(!planned.empty());
    auto& p = planned.back();
    // More units than the order has: the rules park it before any call.
    p.lines = {{"NOT-ON-ORDER", 1}};
    record_shipments(rig, {p});
    CHECK(rig.sandbox.calls("confirmShipment") == 0);
    auto queues = queue_states(rig);
    const auto key = rig.alias + ":" + p.order_id + "#" + p.tracking;
    REQUIRE(queues.count(key) == 1);
    CHECK(queues[key].first == "parked");
    CHECK(queues[key].second.find("NOT-ON-ORDER") != std::string::npos);

    // Amazon refuses a marketplace fault (400): parked with Amazon's reason, sent once only.
    rig.set_faults(
        json::object{{"faults", json::array{json::object{{"operation", "confirmShipment"},
                                                         {"kind", "status"},
                                                         {"status", 400},
                                                         {"count", 1}}}}});
    PlannedShipment whole{p.order_id, "REFUSED1", "UPS", {}};
    record_shipments(rig, {whole});
    CHECK(rig.sandbox.calls("confirmShipment") == 1);
    queues = queue_states(rig);
    CHECK(queues[rig.alias + ":" + p.order_id + "#REFUSED1"].first == "parked");
    rig.set_faults(json::object{{"faults", json::array{}}});
    confirm_until_done(rig);
    CHECK(rig.sandbox.calls("confirmShipment") == 1);
    // The report lists both with the reason and what to do (parked earlier: the run itself is ok).
    const auto report =
        json::parse(rig.host.ok({"run", "--json", "confirm_shipments", "--store", rig.alias}))
            .as_object();
    CHECK(str(report.at("status")) == "ok");
    CHECK(report.at("counts").at("still_parked").to_number<int64_t>() == 2);
    REQUIRE(report.contains("parked"));
    CHECK(report.at("parked").as_array().size() == 2);
    for (const auto& parked : report.at("parked").as_array()) {
        CHECK(!str(parked.at("reason")).empty());
        CHECK(!str(parked.at("fix")).empty());
    }
    CHECK(rig.sandbox.calls("confirmShipment") == 1);
    // retry_parked sends it again once the cause is gone.
    rig.host.ok({"run", "confirm_shipments", "--store", rig.alias, "--arg", "retry_parked=true"});
    CHECK(rig.sandbox.calls("confirmShipment") == 2);
    CHECK(queue_states(rig)[rig.alias + ":" + p.order_id + "#REFUSED1"].first == "sent");
}

TEST_CASE("integration: shipments: more shipments than one page of host entities are all "
          "confirmed once") {
    // A seller on UK and DE only: about a quarter of the orders are unshipped merchant orders.
    testing::TempDir scenario_dir;
    const auto scenario = write_file(scenario_dir.path(), "scenario.yaml",
                                     "seller_id: A2SANDBOXSELLER\nmarketplaces: [UK, DE]\n");
    DemoRig rig(2600, 75, {"--scenario", scenario});
    rig.import_until_ok();
    const auto planned = write_shipments_directly(rig, 620); // the plugin reads 500 a page
    REQUIRE(planned.size() > 500);
    CHECK(confirm_until_done(rig) == 1);
    expect_exact(rig, planned);
    CHECK(rig.sandbox.calls("confirmShipment") == static_cast<int64_t>(planned.size()));
}

TEST_CASE("integration: shipments: under random faults every host shipment is confirmed exactly "
          "once") {
    for (int seed : {81, 82}) {
        CAPTURE(seed);
        DemoRig rig(150, seed);
        rig.import_until_ok();
        const auto planned = plan_shipments(rig, 15);
        REQUIRE(planned.size() >= 15);
        rig.host.ok({"store", "close", rig.alias});
        record_shipments(rig, planned);
        rig.host.ok({"store", "open", rig.alias});
        rig.set_faults(json::object{
            {"random", json::object{{"rate", 0.3},
                                    {"seed", seed},
                                    {"kinds", json::array{"status", "throttle", "reset_mid_body",
                                                          "truncated_json", "empty_reply",
                                                          "no_response"}}}}});
        const int runs = confirm_until_done(rig, 40);
        int64_t unanswered = 0;
        int64_t refused = 0;
        for (const auto& line : rig.host.log()) {
            const auto message = str(line.at("message"));
            unanswered += message.find("unconfirmed (no answer") != std::string::npos ? 1 : 0;
            refused += message.find("confirmShipment: HTTP") != std::string::npos ? 1 : 0;
        }
        MESSAGE("seed " << seed << ": " << runs << " run(s), confirmShipment calls "
                        << rig.sandbox.calls("confirmShipment") << " for " << planned.size()
                        << " shipments, " << unanswered << " unanswered, " << refused
                        << " refused with an HTTP error");
        CHECK(rig.sandbox.calls("confirmShipment") > static_cast<int64_t>(planned.size()));
        rig.set_faults(json::object{{"faults", json::array{}}});
        expect_exact(rig, planned);
    }
}

} // namespace amzconn::integration
