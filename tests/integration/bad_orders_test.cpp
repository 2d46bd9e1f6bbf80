// Bad Amazon orders (issue 13 item 1, reliability plan §2.3): one malformed order never keeps a
// good order out of the host for more than one run. An order that can be identified is parked
// with its field path; one that cannot is reported with the page's request id and position and
// skipped after k_unreadable_runs runs; an order over the client's 8 MiB answer limit is read by
// id and parked, never stalling the walk. Proved against the sandbox's state and the host's.
#include "rig.hpp"

#include <doctest/doctest.h>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

constexpr const char* k_bad_id = "302-0000000-0000001";

// The bad order: a DE merchant order the demo store would import, last updated before every
// generated order, so it sorts first on page 1.
json::object bad_order(const std::string& kind) {
    return json::object{
        {"orderId", k_bad_id},
        {"createdTime", "2026-01-20T00:00:00Z"},
        {"lastUpdatedTime", "2026-01-20T00:00:00Z"},
        {"salesChannel", {{"channelName", "AMAZON"}, {"marketplaceId", "A1PA6795UKMFR9"}}},
        {"fulfillment", {{"fulfillmentStatus", "UNSHIPPED"}, {"fulfilledBy", "MERCHANT"}}},
        {"orderItems",
         json::array{json::object{{"orderItemId", "10000000000001"},
                                  {"quantityOrdered", 1},
                                  {"product", {{"asin", "B000000001"}, {"sellerSku", "SKU-1"}}}}}},
        {"_sandbox_bad", kind}};
}

struct BadRig {
    testing::TempDir scenario_dir;
    std::unique_ptr<DemoRig> rig;
    BadRig(int generate, int seed, const std::string& kind) {
        const auto scenario = write_file(scenario_dir.path(), "scenario.yaml",
                                         "seller_id: A2SANDBOXSELLER\nmarketplaces: [UK, DE]\n");
        rig = std::make_unique<DemoRig>(generate, seed,
                                        std::vector<std::string>{"--scenario", scenario});
        rig->sandbox.post("/_sandbox/orders",
                          json::object{{"orders", json::array{bad_order(kind)}}});
    }
    json::object run() const {
        const auto result =
            rig->host.cmd({"run", "--json", "import_orders", "--store", rig->alias});
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        rig->sandbox.advance(300);
        rig->host.ok({"clock", "advance", "16m"});
        return json::parse(result.out).as_object();
    }
    // Every wanted good order in the host exactly once (the bad one is not wanted).
    Comparison compare_good() const {
        return compare(rig->host.dump(), rig->sandbox.state(), rig->alias,
                       [](const json::object& o) {
                           return str(o.at("orderId")) != k_bad_id && demo_wants(o);
                       });
    }
    // The host's failed-order entry of the bad order, or null.
    json::value parked() const {
        const auto dump = rig->host.dump();
        const auto* failed = dump.if_contains("failed_orders");
        if (failed != nullptr && failed->is_array()) {
            for (const auto& entry : failed->as_array()) {
                const auto& doc = entry.as_object();
                if (str(doc.at("amazon_order_id")) == k_bad_id) {
                    return entry;
                }
            }
        }
        return nullptr;
    }
};

std::string text(const json::object& report) {
    return json::serialize(report);
}

void expect_all_good(const BadRig& bad) {
    const auto c = bad.compare_good();
    INFO(c.summary());
    CHECK(c.expected > 50);
    CHECK(c.exact());
}

// An order without a readable id: the first run imports every good order; the cursor waits
// k_unreadable_runs runs, each reporting the request id and position; then it moves on.
void unreadable(const std::string& kind, int generate, int seed) {
    CAPTURE(kind);
    BadRig bad(generate, seed, kind);
    const auto first = bad.run();
    INFO(text(first));
    CHECK(str(first.at("status")) == "partial");
    CHECK(text(first).find("orders[0] of the page with request id ") != std::string::npos);
    CHECK(text(first).find("without a readable order id") != std::string::npos);
    expect_all_good(bad);
    CHECK(bad.parked().is_null());
    const auto second = bad.run();
    CHECK(str(second.at("status")) == "partial");
    const auto third = bad.run();
    INFO(text(third));
    CHECK(str(third.at("status")) == "partial");
    CHECK(text(third).find("skipped 1 order(s)") != std::string::npos);
    const auto fourth = bad.run();
    INFO(text(fourth));
    CHECK(str(fourth.at("status")) == "ok");
    expect_all_good(bad);
}

// An order with a readable id: parked with its field path in the first run, which ends ok.
json::value identifiable(const std::string& kind, int generate, int seed) {
    CAPTURE(kind);
    BadRig bad(generate, seed, kind);
    const auto first = bad.run();
    INFO(text(first));
    CHECK(str(first.at("status")) == "ok");
    expect_all_good(bad);
    const auto entry = bad.parked();
    REQUIRE(entry.is_object());
    return entry;
}

} // namespace

TEST_CASE("integration: a bad order on page 1 of 3 keeps none of 251 good orders out for more "
          "than one run") {
    BadRig bad(251, 71, "missing_id");
    const auto state = bad.rig->sandbox.state();
    CHECK(state.at("orders").as_array().size() == 252);
    const auto first = bad.run();
    INFO(text(first));
    CHECK(bad.rig->sandbox.calls("searchOrders") == 3);
    CHECK(str(first.at("status")) == "partial");
    const auto& counts = first.at("counts").as_object();
    int64_t read = 0;
    for (const auto* name : {"imported", "updated", "unchanged", "skipped", "waiting", "parked"}) {
        read += counts.at(name).to_number<int64_t>();
    }
    CHECK(read == 251);
    expect_all_good(bad);
}

TEST_CASE("integration: bad order missing_id is reported by position and skipped after 3 runs") {
    unreadable("missing_id", 120, 72);
}

TEST_CASE("integration: bad order empty_id is reported by position and skipped after 3 runs") {
    unreadable("empty_id", 120, 73);
}

TEST_CASE("integration: bad order id_not_string is reported by position and skipped after 3 "
          "runs") {
    unreadable("id_not_string", 120, 74);
}

TEST_CASE("integration: bad order long_id is reported by position and skipped after 3 runs") {
    unreadable("long_id", 120, 75);
}

TEST_CASE("integration: bad order nul_id is reported by position and skipped after 3 runs") {
    unreadable("nul_id", 120, 76);
}

TEST_CASE("integration: bad order null is reported by position and skipped after 3 runs") {
    unreadable("null", 120, 77);
}

TEST_CASE("integration: bad order bad_field is parked with its field path in the first run") {
    const auto entry = identifiable("bad_field", 120, 78);
    CHECK(json::serialize(entry).find("createdTime") != std::string::npos);
}

TEST_CASE("integration: bad order oversized is read by id and parked, the walk never stalls") {
    const auto entry = identifiable("oversized", 120, 79);
    const auto doc = json::serialize(entry);
    INFO(doc);
    CHECK(doc.find("larger than") != std::string::npos);
    CHECK(doc.find("max_body_bytes") == std::string::npos);
}

TEST_CASE("integration: import_missing_orders by date imports every good order around a bad one "
          "and reports it") {
    BadRig bad(120, 80, "null");
    const auto result = bad.rig->host.cmd({"run", "--json", "import_missing_orders", "--store",
                                           bad.rig->alias, "--arg", "from=2026-01-01"});
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
    const auto report = json::parse(result.out).as_object();
    CHECK(str(report.at("status")) == "partial");
    CHECK(text(report).find("orders[0] of the page with request id ") != std::string::npos);
    expect_all_good(bad);
}

} // namespace amzconn::integration
