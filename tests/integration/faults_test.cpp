// Faults (reliability plan §2.1, §2.2): random and scripted sandbox faults while importing; the
// import is re-run until ok, and the host then equals the sandbox exactly (0 lost, 0 duplicated).
#include "rig.hpp"

#include <doctest/doctest.h>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

void expect_exact(const DemoRig& rig) {
    rig.set_faults(json::object{{"faults", json::array{}}});
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.expected > 50);
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
    expect_exact(rig);
}

} // namespace

// The issue asks 10,000 orders; 1,500 here keeps the suite short on 2 cores, and the benchmark
// amzconn_bench_orders_e2e runs the full 10,000 with the same faults.
TEST_CASE("integration: 1,500 orders under 20 % random faults end with the host equal to the "
          "sandbox") {
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
        expect_exact(rig);
    }
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
