// import_returns against the sandbox: merchant and FBA returns of the last 90 days arrive once
// each, linked to their orders, with reason, disposition and status; a return whose order the
// host lacks waits and arrives with the order; a status change updates; random faults lose and
// duplicate nothing. Proved against the sandbox's returns (what Amazon holds).
#include "returns_rig.hpp"

#include <ctime>
#include <doctest/doctest.h>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

void expect_exact(const DemoRig& rig, size_t expected,
                  const std::vector<std::string>& parked_orders = {}) {
    const auto check = check_returns(rig, parked_orders);
    std::string problems;
    for (const auto& p : check.problems) {
        problems += "\n  " + p;
    }
    INFO(problems);
    CHECK(check.problems.empty());
    CHECK(check.expected == expected);
    CHECK(check.found == expected);
}

} // namespace

TEST_CASE("integration: returns: merchant and FBA returns arrive once each, linked to their "
          "orders, and returns of orders not yet imported wait for them") {
    DemoRig rig(120, 91);
    const auto orders = record_returns(rig, 16, 91);
    REQUIRE(orders.size() >= 10);
    // No order is imported yet: every return waits, with its reason.
    const auto waiting = returns_until_done(rig);
    CHECK(str(waiting.at("status")) == "partial");
    CHECK(report_count(waiting, "parked") == static_cast<int64_t>(orders.size()));
    CHECK(report_count(waiting, "imported") == 0);
    CHECK(waiting.at("parked").as_array().size() == orders.size());
    CHECK(str(waiting.at("parked").as_array().at(0).at("reason")).find("has no order") !=
          std::string::npos);
    expect_exact(rig, 0, orders);
    // The first run read 90 days: both channels, two 60-day windows each, each requested once.
    CHECK(rig.sandbox.calls("createReport") == 4);

    // The orders arrive; the next run imports the waiting returns before it reads any report.
    rig.import_until_ok();
    const auto arrived = run_returns(rig);
    REQUIRE_FALSE(arrived.empty());
    CHECK(report_count(arrived, "imported") == static_cast<int64_t>(orders.size()));
    CHECK(report_count(arrived, "parked") == 0);
    expect_exact(rig, orders.size());
    const auto done = returns_until_done(rig);
    CHECK(str(done.at("status")) == "ok");
    CHECK(report_count(done, "parked") == 0);
    expect_exact(rig, orders.size());

    // Again: nothing new, nothing twice.
    rig.host.ok({"clock", "advance", "1d"});
    rig.sandbox.advance(86400);
    const auto again = returns_until_done(rig);
    CHECK(report_count(again, "imported") == 0);
    CHECK(report_count(again, "updated") == 0);
    expect_exact(rig, orders.size());

    // No buyer data in the log: the buyers' comments never appear.
    for (const auto& line : rig.host.log()) {
        CHECK(str(line.at("message")).find(k_comment_canary) == std::string::npos);
    }
}

TEST_CASE("integration: returns: a return whose status changes at Amazon is updated, not "
          "imported again") {
    DemoRig rig(120, 92);
    rig.import_until_ok();
    const auto orders = record_returns(rig, 12, 92);
    REQUIRE(orders.size() >= 6);
    returns_until_done(rig);
    expect_exact(rig, orders.size());
    const auto state = rig.sandbox.state();
    int changed = 0;
    bool mfn = false;
    bool fba = false;
    // Returns of the last 50 days (a daily run re-reads the last 59).
    char recent[32];
    const std::time_t cut = static_cast<std::time_t>(rig.host.clock_ms() / 1000 - 50 * 86400);
    std::tm tm{};
    gmtime_r(&cut, &tm);
    std::strftime(recent, sizeof recent, "%Y-%m-%dT%H:%M:%SZ", &tm);
    for (const auto& value : state.at("returns").as_array()) {
        const auto& r = value.as_object();
        if (str(r.at("return_date")) < recent) {
            continue;
        }
        if (str(r.at("channel")) == "MFN" && !mfn) {
            rig.sandbox.post("/_sandbox/return_update",
                             json::object{{"rma_id", r.at("rma_id")}, {"status", "Closed"}});
            mfn = true;
            ++changed;
        } else if (str(r.at("channel")) == "AFN" && !fba) {
            rig.sandbox.post("/_sandbox/return_update",
                             json::object{{"license_plate_number", r.at("license_plate_number")},
                                          {"status", "Reimbursed"},
                                          {"disposition", "DEFECTIVE"}});
            fba = true;
            ++changed;
        }
    }
    REQUIRE(changed == 2);
    rig.host.ok({"clock", "advance", "1d"});
    rig.sandbox.advance(86400);
    const auto report = returns_until_done(rig);
    CHECK(report_count(report, "updated") == 2);
    CHECK(report_count(report, "imported") == 0);
    expect_exact(rig, orders.size());
}

TEST_CASE("integration: returns: an on-demand range longer than 60 days is read in windows") {
    DemoRig rig(120, 93);
    rig.import_until_ok();
    const auto orders = record_returns(rig, 10, 93);
    REQUIRE(orders.size() >= 6);
    json::object report;
    for (int i = 0; i < 20; ++i) {
        report = run_returns(rig);
        if (!report.empty() && str(report.at("status")) != "retry_later") {
            break;
        }
        rig.sandbox.advance(300);
        rig.host.ok({"clock", "advance", "16m"});
    }
    const auto before = rig.sandbox.calls("createReport");
    // 2025-12-01 to 2026-03-01: 90 days, two windows per channel, every return again (unchanged).
    for (int i = 0; i < 20; ++i) {
        const auto r = rig.host.cmd({"run", "--json", "import_returns", "--store", rig.alias,
                                     "--arg", "from=2025-11-30", "--arg", "to=2026-03-01"});
        boost::system::error_code ec;
        const auto parsed = json::parse(r.out, ec);
        if (r.exit_code == 0 && !ec && str(parsed.at("status")) != "retry_later") {
            report = parsed.as_object();
            break;
        }
        rig.sandbox.advance(300);
        rig.host.ok({"clock", "advance", "16m"});
    }
    CHECK(str(report.at("status")) == "ok");
    CHECK(report_count(report, "reports") == 4);
    CHECK(rig.sandbox.calls("createReport") - before == 4);
    CHECK(report_count(report, "imported") == 0);
    expect_exact(rig, orders.size());
    // A misspelt argument is refused, never read as the scheduled range.
    const auto typo = rig.host.cmd(
        {"run", "--json", "import_returns", "--store", rig.alias, "--arg", "form=2025-11-30"});
    CHECK(typo.exit_code != 0);
    CHECK((typo.out + typo.err).find("takes --arg from=DATE") != std::string::npos);
}

TEST_CASE("integration: returns: under random faults every return arrives exactly once") {
    for (int seed : {94, 95}) {
        CAPTURE(seed);
        DemoRig rig(120, seed);
        rig.import_until_ok();
        const auto orders = record_returns(rig, 14, seed);
        REQUIRE(orders.size() >= 8);
        rig.set_faults(json::object{
            {"random", json::object{{"rate", 0.3},
                                    {"seed", seed},
                                    {"kinds", json::array{"status", "throttle", "reset_mid_body",
                                                          "truncated_json", "empty_reply",
                                                          "no_response"}}}}});
        returns_until_done(rig, 60);
        rig.set_faults(json::object{{"faults", json::array{}}});
        expect_exact(rig, orders.size());
        // A run without faults finds nothing left to do.
        rig.host.ok({"clock", "advance", "1d"});
        rig.sandbox.advance(86400);
        const auto calm = returns_until_done(rig);
        CHECK(report_count(calm, "imported") == 0);
        expect_exact(rig, orders.size());
    }
}

} // namespace amzconn::integration
