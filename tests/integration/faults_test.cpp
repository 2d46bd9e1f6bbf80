// Faults (reliability plan §2.1, §2.2): random and scripted sandbox faults while importing; the
// import is re-run until ok (then, for random faults, reconcile_orders once), and the host then
// equals the sandbox exactly (0 lost, 0 duplicated).
#include "rig.hpp"

#include <doctest/doctest.h>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

void expect_exact_without_faults(const DemoRig& rig) {
    rig.set_faults(json::object{{"faults", json::array{}}});
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.expected > 50);
    CHECK(c.exact());
}

// Random faults include orders moved during pagination: Amazon's offset pages shift, so a walk
// that still completes can skip the moved order's neighbour, whose old lastUpdatedTime the
// overlap re-poll never reaches (reliability plan F23). import_orders leaves no duplicate, extra
// or stale order and loses at most those neighbours; reconcile_orders (by creation date, whose
// pages never shift) imports them, and the host then equals the sandbox.
void expect_exact_after_reconcile(const DemoRig& rig) {
    rig.set_faults(json::object{{"faults", json::array{}}});
    const auto imported = rig.compare_now();
    MESSAGE("after import_orders: " << imported.summary());
    CHECK(imported.expected > 50);
    CHECK(imported.duplicated == 0);
    CHECK(imported.extra == 0);
    CHECK(imported.stale == 0);
    CHECK(imported.lost * 200 < imported.expected);

    const auto run = rig.host.cmd(
        {"run", "--json", "reconcile_orders", "--store", rig.alias, "--arg", "from=2026-01-01"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    const auto report = json::parse(run.out).as_object();
    CHECK(str(report.at("status")) == "ok");
    CHECK(report.at("counts").as_object().at("imported_now").to_number<int64_t>() ==
          static_cast<int64_t>(imported.lost));
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.exact());
}

void scripted(int seed, json::object fault) {
    CAPTURE(json::serialize(fault));
    DemoRig rig(400, seed);
    fault["operation"] = "searchOrders";
    rig.set_faults(json::object{{"faults", json::array{fault}}});
    const int runs = rig.import_until_ok();
    CHECK(runs >= 1);
    CHECK(rig.sandbox.state().at("calls").as_object().at("searchOrders").to_number<int64_t>() >= 3);
    expect_exact_without_faults(rig);
}

} // namespace

// The issue asks 10,000 orders; 1,500 here keeps the suite short on 2 cores, and the benchmark
// amzconn_bench_orders_e2e runs the full 10,000 with the same faults.
TEST_CASE("integration: 1,500 orders under 20 % random faults end with the host equal to the "
          "sandbox after import_orders and reconcile_orders") {
    for (int seed : {31, 32}) {
        CAPTURE(seed);
        DemoRig rig(1500, seed);
        rig.set_faults(json::object{
            {"random",
             json::object{{"rate", 0.2},
                          {"seed", seed},
                          {"kinds", json::array{"status", "throttle", "reset_mid_body",
                                                "truncated_json", "short_body", "empty_reply",
                                                "garbage", "expired_token", "wrong_schema",
                                                "duplicate_page", "repeat_token", "reject_token",
                                                "mutate_during_pagination", "no_response"}}}}});
        const int runs = rig.import_until_ok(40);
        CHECK(runs >= 1);
        const auto state = rig.sandbox.state();
        int64_t throttled = 0;
        for (const auto& [op, n] : state.at("throttled").as_object()) {
            throttled += n.to_number<int64_t>();
        }
        MESSAGE("seed " << seed << ": " << runs << " run(s), searchOrders calls "
                        << state.at("calls").as_object().at("searchOrders") << ", throttled "
                        << throttled);
        expect_exact_after_reconcile(rig);
    }
}

#if !AMZCONN_SANITIZED
// Not under the sanitizers: there it takes about 3 minutes of the suite's budget, and the
// 1,500-order case above runs the same paths.
// The issue's own figure: 10,000 orders, every one in the store (a seller on UK and DE only).
// A walk of 100 pages rarely survives 20 % faults, so import_orders reads the backlog in slices
// after a failed walk.
TEST_CASE("integration: 10,000 orders under 20 % random faults end with the host equal to the "
          "sandbox after import_orders and reconcile_orders") {
    constexpr int seed = 33;
    testing::TempDir scenario_dir;
    const auto scenario = write_file(scenario_dir.path(), "scenario.yaml",
                                     "seller_id: A2SANDBOXSELLER\nmarketplaces: [UK, DE]\n");
    DemoRig rig(10000, seed, {"--scenario", scenario});
    rig.set_faults(json::object{
        {"random",
         json::object{
             {"rate", 0.2},
             {"seed", seed},
             {"kinds", json::array{"status", "throttle", "reset_mid_body", "truncated_json",
                                   "short_body", "empty_reply", "garbage", "expired_token",
                                   "wrong_schema", "duplicate_page", "repeat_token", "reject_token",
                                   "mutate_during_pagination", "no_response"}}}}});
    // Amazon's clock stands still while the runs retry, so no order moves on in between (an
    // FBM order shipped after its import is rightly kept, but no longer "wanted"); the host's
    // clock moves a minute per run.
    int runs = 0;
    bool ok = false;
    while (!ok && runs < 80) {
        ++runs;
        const auto result = rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias});
        boost::system::error_code ec;
        const auto report = json::parse(result.out, ec);
        ok = result.exit_code == 0 && !ec && report.is_object() &&
             str(report.as_object().at("status")) == "ok";
        if (!ok) {
            rig.host.ok({"clock", "advance", "1m"});
        }
    }
    REQUIRE(ok);
    const auto state = rig.sandbox.state();
    MESSAGE(runs << " import_orders run(s), searchOrders calls "
                 << state.at("calls").as_object().at("searchOrders"));
    // Orders touched during a walk (and late versions) are read by the next scheduled run.
    rig.set_faults(json::object{{"faults", json::array{}}});
    rig.sandbox.advance(300);
    rig.host.ok({"clock", "advance", "5m"});
    CHECK(rig.host.import_until_ok(rig.alias) == 1);
    CHECK(rig.compare_now().expected > 3000);
    expect_exact_after_reconcile(rig);
}
#endif

TEST_CASE("integration: after a walk fails before its end, import_orders reads the backlog in "
          "slices until it catches up, losing nothing") {
    testing::TempDir scenario_dir;
    const auto scenario = write_file(scenario_dir.path(), "scenario.yaml",
                                     "seller_id: A2SANDBOXSELLER\nmarketplaces: [UK, DE]\n");
    DemoRig rig(1000, 48, {"--scenario", scenario});
    // The third page of the first walk is refused: that walk ends, the cursor stays.
    rig.set_faults(json::object{
        {"faults", json::array{json::object{
                       {"operation", "searchOrders"}, {"kind", "reject_token"}, {"after", 2}}}}});
    int sliced_runs = 0;
    bool ok = false;
    for (int run = 0; run < 40 && !ok; ++run) {
        const auto result = rig.host.cmd({"run", "--json", "import_orders", "--store", rig.alias});
        boost::system::error_code ec;
        const auto report = json::parse(result.out, ec);
        if (result.exit_code == 0 && !ec) {
            const auto text = json::serialize(report);
            sliced_runs += text.find("read one slice") != std::string::npos ? 1 : 0;
            ok = str(report.as_object().at("status")) == "ok";
        }
        rig.host.ok({"clock", "advance", "1m"});
    }
    REQUIRE(ok);
    CHECK(sliced_runs >= 2);
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.expected > 300);
    CHECK(c.exact());
}

TEST_CASE("integration: a page served twice loses and duplicates nothing") {
    scripted(41, {{"kind", "duplicate_page"}, {"after", 1}});
}

TEST_CASE("integration: a repeating page token loses and duplicates nothing") {
    scripted(42, {{"kind", "repeat_token"}, {"after", 1}});
}

TEST_CASE("integration: a rejected page token loses and duplicates nothing") {
    scripted(43, {{"kind", "reject_token"}, {"after", 1}});
}

TEST_CASE("integration: an order changed during pagination is imported once") {
    scripted(44, {{"kind", "mutate_during_pagination"}, {"after", 1}});
}

TEST_CASE("integration: 429 with Retry-After loses and duplicates nothing") {
    scripted(45, {{"kind", "throttle"}, {"retry_after", "2"}, {"count", 3}, {"after", 1}});
}

TEST_CASE("integration: 429 without Retry-After loses and duplicates nothing") {
    scripted(46, {{"kind", "throttle"}, {"count", 3}, {"after", 1}});
}

TEST_CASE("integration: 503 with an HTML body loses and duplicates nothing") {
    scripted(47,
             {{"kind", "status"}, {"status", 503}, {"body", "html"}, {"count", 2}, {"after", 1}});
}

} // namespace amzconn::integration
