// Crash points of import_returns (cpr1 between returns, cpr2 after a window's returns, before it
// is marked done): the job is killed with SIGKILL there, re-run without failpoints until done,
// and every sandbox return is then in the host exactly once.
#include "returns_rig.hpp"

#include <csignal>
#include <doctest/doctest.h>

namespace amzconn::integration {

namespace {

void kill_then_recover(int seed, const char* point, int hit) {
    CAPTURE(point);
    CAPTURE(hit);
    DemoRig rig(120, seed);
    rig.import_until_ok();
    const auto orders = record_returns(rig, 12, seed);
    REQUIRE(orders.size() >= 6);
    // The first run requests the reports; the sandbox has them ready for the armed run.
    run_returns(rig);
    rig.sandbox.advance(300);
    const auto died =
        rig.host.cmd({"run", "--json", "import_returns", "--store", rig.alias},
                     {{"AMZCONN_FAILPOINTS", std::string(point) + "=" + std::to_string(hit)}});
    INFO(died.err);
    CHECK(died.signal == SIGKILL);
    rig.sandbox.advance(300);
    rig.host.ok({"clock", "advance", "16m"});
    returns_until_done(rig);
    const auto check = check_returns(rig);
    std::string problems;
    for (const auto& p : check.problems) {
        problems += "\n  " + p;
    }
    INFO(problems);
    CHECK(check.problems.empty());
    CHECK(check.found == orders.size());
}

} // namespace

TEST_CASE("integration: returns: kill -9 between two returns loses and duplicates none") {
    kill_then_recover(101, "cpr1_between_returns", 1);
    kill_then_recover(102, "cpr1_between_returns", 3);
}

TEST_CASE("integration: returns: kill -9 before a window is marked done reads it again, "
          "duplicating none") {
    kill_then_recover(103, "cpr2_before_window_done", 1);
}

} // namespace amzconn::integration
