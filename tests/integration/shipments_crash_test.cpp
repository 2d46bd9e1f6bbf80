// Crash points of confirm_shipments (CP11a intent saved before the call, CP11b Amazon confirmed
// before the record, CP11c right after the record): the job is killed with SIGKILL there, re-run
// without failpoints until done, and every host shipment is then confirmed exactly once at
// Amazon (the sandbox's confirmations equal the host's packages: nothing sent twice).
#include "shipment_rig.hpp"

#include <csignal>
#include <doctest/doctest.h>

namespace amzconn::integration {

namespace {

void kill_then_recover(int seed, const char* point, int hit, bool through_event) {
    CAPTURE(point);
    CAPTURE(hit);
    DemoRig rig(120, seed);
    rig.import_until_ok();
    const auto planned = plan_shipments(rig, 8);
    REQUIRE(planned.size() >= 8);
    const std::map<std::string, std::string> arm{
        {"AMZCONN_FAILPOINTS", std::string(point) + "=" + std::to_string(hit)}};
    if (through_event) {
        // The kill lands inside `event shipped`, which sends at once.
        bool killed = false;
        for (const auto& result : record_shipments(rig, planned, arm)) {
            killed |= result.signal == SIGKILL;
        }
        CHECK(killed);
    } else {
        rig.host.ok({"store", "close", rig.alias});
        record_shipments(rig, planned);
        rig.host.ok({"store", "open", rig.alias});
        const auto died =
            rig.host.cmd({"run", "--json", "confirm_shipments", "--store", rig.alias}, arm);
        INFO(died.err);
        CHECK(died.signal == SIGKILL);
    }
    rig.sandbox.advance(300);
    rig.host.ok({"clock", "advance", "16m"});
    confirm_until_done(rig);
    const auto check = check_shipments(rig, planned);
    std::string problems;
    for (const auto& p : check.problems) {
        problems += "\n  " + p;
    }
    INFO(problems);
    CHECK(check.problems.empty());
    CHECK(check.confirmed + check.parked == planned.size());
}

} // namespace

TEST_CASE("integration: shipments: CP11a kill after the intent is saved, before the call, sends "
          "each package once") {
    kill_then_recover(111, "cp11a_intent_saved", 1, false);
    kill_then_recover(112, "cp11a_intent_saved", 4, false);
    kill_then_recover(113, "cp11a_intent_saved", 1, true);
}

TEST_CASE("integration: shipments: CP11b kill after Amazon confirmed, before the record, never "
          "sends the package again") {
    kill_then_recover(121, "cp11b_confirmed_before_record", 1, false);
    kill_then_recover(122, "cp11b_confirmed_before_record", 5, false);
    kill_then_recover(123, "cp11b_confirmed_before_record", 1, true);
}

TEST_CASE("integration: shipments: CP11c kill right after the record loses nothing") {
    kill_then_recover(131, "cp11c_after_record", 2, false);
    kill_then_recover(132, "cp11c_after_record", 1, true);
}

} // namespace amzconn::integration
