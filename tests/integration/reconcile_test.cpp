// reconcile_orders (issue 6 §1): orders the host lost or never received are imported exactly once,
// and every order still missing is reported with the reason an admin can act on.
#include "rig.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sstream>

namespace amzconn::integration {
namespace json = boost::json;

namespace {

// Edits the host's SQLite file directly: what a crash, a restore from backup or a careless admin
// does to a host behind the connector's back.
void sql(const std::string& db, const std::string& statement) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(handle, statement.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(handle);
    INFO(statement);
    REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

json::object reconcile(const DemoRig& rig, const std::string& arg) {
    auto result =
        rig.host.cmd({"run", "--json", "reconcile_orders", "--store", rig.alias, "--arg", arg});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return json::parse(result.out).as_object();
}

std::vector<std::string> messages(const json::object& report) {
    std::vector<std::string> lines;
    for (const auto& line : report.at("messages").as_array()) {
        lines.push_back(str(line));
    }
    return lines;
}

std::string joined(const json::object& report) {
    std::string text;
    for (const auto& line : messages(report)) {
        text += line + "\n";
    }
    return text;
}

// The report line of one order, or "".
std::string line_of(const json::object& report, const std::string& order_id) {
    for (const auto& line : messages(report)) {
        if (line.rfind(order_id + ": ", 0) == 0) {
            return line;
        }
    }
    return {};
}

// Sandbox orders of the demo store's marketplaces (all created inside the last 30 days).
int64_t amazon_orders(const json::object& state) {
    int64_t n = 0;
    for (const auto& entry : state.at("orders").as_array()) {
        const auto market = str(entry.as_object().at("marketplaceId"));
        n += market == k_uk || market == k_de ? 1 : 0;
    }
    return n;
}

// Both clocks move past Amazon's 2-minute window so every order is visible to a search.
void settle(const DemoRig& rig) {
    rig.sandbox.advance(600);
    rig.host.ok({"clock", "advance", "10m"});
}

void check_exact(const DemoRig& rig) {
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.expected > 20);
    CHECK(c.exact());
}

// The "--arg from=... [--arg to=...]" a report asks for to compare what it left, as the
// arguments of the next run; empty when the report left nothing.
std::vector<std::string> rest_args(const json::object& report) {
    for (const auto& line : messages(report)) {
        const auto at = line.find("run reconcile_orders again with --arg from=");
        if (line.find("not yet compared: ") == std::string::npos || at == std::string::npos) {
            continue;
        }
        std::vector<std::string> args;
        std::istringstream words(
            line.substr(at + std::string("run reconcile_orders again with ").size()));
        for (std::string word; words >> word;) {
            if (word == "--arg") {
                continue;
            }
            if (word.rfind("from=", 0) != 0 && word.rfind("to=", 0) != 0) {
                break;
            }
            args.push_back(word);
        }
        return args;
    }
    return {};
}

json::object reconcile_args(const DemoRig& rig, const std::vector<std::string>& args) {
    std::vector<std::string> argv{"run", "--json", "reconcile_orders", "--store", rig.alias};
    for (const auto& arg : args) {
        argv.push_back("--arg");
        argv.push_back(arg);
    }
    auto result = rig.host.cmd(argv);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return json::parse(result.out).as_object();
}

// The demo config with one more line in its filters block.
std::string with_filter(const std::string& line) {
    std::string yaml = demo_config("demo");
    const auto start = yaml.find("start_date:");
    const auto indent = start - yaml.rfind('\n', start) - 1;
    const auto end = yaml.find('\n', start);
    yaml.insert(end + 1, std::string(indent, ' ') + line + "\n");
    return yaml;
}

} // namespace

TEST_CASE("integration: reconcile: orders deleted from the host are re-imported exactly once") {
    DemoRig rig(150, 71);
    rig.import_until_ok();
    check_exact(rig);

    std::vector<std::string> deleted;
    const auto dump_before = rig.host.dump();
    for (const auto& entry : dump_before.at("sales_orders").as_array()) {
        if (deleted.size() < 5) {
            deleted.push_back(str(entry.as_object().at("idempotency_key")));
        }
    }
    REQUIRE(deleted.size() == 5);
    std::string keys;
    for (const auto& key : deleted) {
        keys += (keys.empty() ? "'" : ",'") + key + "'";
    }
    sql(rig.host.db(), "DELETE FROM entities WHERE kind = 'sales_order' AND key IN (" + keys + ")");
    settle(rig);
    // Besides the five, an order Amazon changed in the meantime may be due too.
    const auto lost = rig.compare_now().lost;
    CHECK(lost >= 5);

    const auto report = reconcile(rig, "days=31");
    INFO(joined(report));
    CHECK(str(report.at("status")) == "ok");
    CHECK(report_count(report, "imported_now") == static_cast<int64_t>(lost));
    CHECK(report_count(report, "imported") == static_cast<int64_t>(lost));
    CHECK(report_count(report, "amazon") == amazon_orders(rig.sandbox.state()));
    CHECK(report_count(report, "host_failed") == 0);
    CHECK(report_count(report, "in_host") + report_count(report, "imported_now") +
              report_count(report, "still_missing") ==
          report_count(report, "amazon"));
    check_exact(rig);
    const auto dump = rig.host.dump();
    for (const auto& key : deleted) {
        size_t copies = 0;
        for (const auto& entry : dump.at("sales_orders").as_array()) {
            copies += str(entry.as_object().at("idempotency_key")) == key ? 1u : 0u;
        }
        CAPTURE(key);
        CHECK(copies == 1);
    }
}

TEST_CASE("integration: reconcile: orders the cursor skipped past are imported exactly once") {
    DemoRig rig(150, 72);
    // A cursor already past every order: as if an earlier run had skipped them.
    sql(rig.host.db(),
        "INSERT INTO state (ns, key, value, version) VALUES ('store:demo', 'orders.cursor', "
        "'{\"last_updated_after\":\"2026-03-01T00:00:00Z\"}', 1)");
    rig.import_until_ok();
    settle(rig);
    const auto lost = rig.compare_now().lost;
    CHECK(lost > 20);

    const auto report = reconcile(rig, "from=2026-01-01");
    INFO(joined(report));
    CHECK(str(report.at("status")) == "ok");
    CHECK(report_count(report, "imported_now") == static_cast<int64_t>(lost));
    check_exact(rig);
}

TEST_CASE("integration: reconcile: a second reconcile imports nothing") {
    DemoRig rig(150, 73);
    settle(rig);
    const auto first = reconcile(rig, "days=31");
    INFO(joined(first));
    CHECK(report_count(first, "imported_now") > 20);
    CHECK(report_count(first, "in_host") == 0);
    check_exact(rig);
    const auto orders = rig.host.dump().at("sales_orders").as_array().size();

    // Neither clock moves: Amazon has exactly the orders of the first run.
    const auto second = reconcile(rig, "days=31");
    INFO(joined(second));
    CHECK(str(second.at("status")) == "ok");
    CHECK(report_count(second, "imported_now") == 0);
    CHECK(report_count(second, "imported") == 0);
    CHECK(report_count(second, "updated") == 0);
    CHECK(report_count(second, "in_host") == report_count(first, "imported_now"));
    CHECK(report_count(second, "amazon") == report_count(first, "amazon"));
    CHECK(report_count(second, "still_missing") == report_count(first, "still_missing"));
    CHECK(rig.host.dump().at("sales_orders").as_array().size() == orders);
    check_exact(rig);
}

TEST_CASE(
    "integration: reconcile: a filtered order is reported as skipped with the filter's reason") {
    const auto yaml = with_filter("countries: [-DE]");
    DemoRig rig(60, 74, {}, yaml);
    settle(rig);
    const auto report = reconcile(rig, "days=31");
    INFO(joined(report));
    CHECK(str(report.at("status")) == "ok");
    CHECK(report_count(report, "skipped_by_filter") > 0);
    CHECK(report_count(report, "still_missing") >= report_count(report, "skipped_by_filter"));

    // A German order the channel and status rules would import is left out by the filter.
    const auto state = rig.sandbox.state();
    std::string filtered;
    for (const auto& entry : state.at("orders").as_array()) {
        const auto& order = entry.as_object();
        if (demo_wants(order) && str(order.at("marketplaceId")) == k_de &&
            str(order.at("fulfilledBy")) == "MERCHANT") {
            const auto line = line_of(report, str(order.at("orderId")));
            if (!line.empty()) {
                filtered = line;
                break;
            }
        }
    }
    CAPTURE(filtered);
    CHECK(filtered.find("filtered out by countries: ship-to country DE is excluded") !=
          std::string::npos);
    // Nothing German reached the host.
    const auto dump = rig.host.dump();
    for (const auto& entry : dump.at("sales_orders").as_array()) {
        CHECK(str(entry.as_object().at("metadata").as_object().at("marketplace")) != k_de);
    }
}

TEST_CASE("integration: reconcile: a parked order is reported with its fix") {
    std::string yaml = demo_config("demo");
    const std::string create = "create_on_import: true";
    yaml.replace(yaml.find(create), create.size(), "create_on_import: false");
    DemoRig rig(40, 75, {}, yaml);
    settle(rig);
    const auto report = reconcile(rig, "days=31");
    INFO(joined(report));
    CHECK(str(report.at("status")) == "ok");
    CHECK(report_count(report, "parked") > 0);
    CHECK(report_count(report, "in_host") + report_count(report, "imported_now") +
              report_count(report, "still_missing") ==
          report_count(report, "amazon"));

    // Every open entry of the failed-order queue is listed, with its reason and its fix.
    const auto dump = rig.host.dump();
    size_t queued = 0;
    for (const auto& entry : dump.at("failed_orders").as_array()) {
        const auto id = str(entry.as_object().at("amazon_order_id"));
        const auto line = line_of(report, id);
        CAPTURE(id);
        CHECK(line.find(": parked: ") != std::string::npos);
        CHECK(line.find("SKU") != std::string::npos);
        CHECK(line.find(". Fix: ") != std::string::npos);
        ++queued;
    }
    CHECK(static_cast<int64_t>(queued) == report_count(report, "parked"));
    // Parked orders are listed before the ones left out on purpose.
    const auto lines = messages(report);
    const auto first_parked = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
        return l.find(": parked: ") != std::string::npos;
    });
    const auto first_status = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
        return l.find(": status not imported: ") != std::string::npos;
    });
    CHECK(first_parked < first_status);
}

TEST_CASE("integration: reconcile: a host order whose status Amazon changed is updated") {
    DemoRig rig(80, 76);
    rig.import_until_ok();
    std::string id;
    const auto state = rig.sandbox.state();
    for (const auto& entry : state.at("orders").as_array()) {
        const auto& order = entry.as_object();
        if (demo_wants(order) && str(order.at("fulfilledBy")) == "MERCHANT" &&
            str(order.at("status")) == "UNSHIPPED") {
            id = str(order.at("orderId"));
            break;
        }
    }
    REQUIRE(!id.empty());
    auto cancelled = rig.sandbox.get_order(id);
    cancelled["fulfillment"].as_object()["fulfillmentStatus"] = "CANCELLED";
    rig.sandbox.put_orders({cancelled});
    settle(rig);

    const auto report = reconcile(rig, "days=31");
    INFO(joined(report));
    CHECK(report_count(report, "updated") >= 1);
    CHECK(report_count(report, "imported_now") == 0);
    bool found = false;
    const auto after = rig.host.dump();
    for (const auto& entry : after.at("sales_orders").as_array()) {
        if (str(entry.as_object().at("idempotency_key")) == "demo:" + id) {
            found = true;
            CHECK(str(entry.as_object().at("status")) == "cancelled");
        }
    }
    CHECK(found);
}

TEST_CASE("integration: reconcile: a bad window argument names the fix and calls nobody") {
    DemoRig rig(10, 77);
    for (const auto& arg : {"days=0", "days=seven", "to=2026-02-01", "order_ids=1"}) {
        CAPTURE(arg);
        const auto result =
            rig.host.cmd({"run", "--json", "reconcile_orders", "--store", rig.alias, "--arg", arg});
        CHECK(result.exit_code != 0);
        CHECK(result.err.find("--arg") != std::string::npos);
    }
    CHECK(rig.sandbox.calls("searchOrders") == 0);
}

TEST_CASE(
    "integration: reconcile: a walk Amazon keeps failing costs one slice, and the report names the "
    "part not yet compared and the run that compares it") {
    DemoRig rig(300, 78);
    settle(rig);
    // After a few answers every search fails (503), longer than the client retries.
    rig.set_faults(json::object{{"faults", json::array{json::object{{"operation", "searchOrders"},
                                                                    {"kind", "status"},
                                                                    {"status", 503},
                                                                    {"after", 4},
                                                                    {"count", 100000}}}}});
    const auto first = reconcile(rig, "days=31");
    INFO(joined(first));
    CHECK(str(first.at("status")) != "ok");
    CHECK(report_count(first, "slices") >= 2);
    CHECK(report_count(first, "failed_walks") >= 1);
    CHECK(report_count(first, "imported_now") > 0);
    const auto rest = rest_args(first);
    REQUIRE(rest.size() == 1);
    CHECK(rest[0].rfind("from=2026-", 0) == 0);
    // What the slices compared is in the host already.
    const auto after_first = rig.compare_now();
    CHECK(after_first.lost > 0);
    CHECK(after_first.duplicated == 0);
    CHECK(after_first.extra == 0);

    rig.set_faults(json::object{{"faults", json::array{}}});
    const auto second = reconcile_args(rig, rest);
    INFO(joined(second));
    CHECK(str(second.at("status")) == "ok");
    CHECK(rest_args(second).empty());
    CHECK(report_count(second, "imported_now") == static_cast<int64_t>(after_first.lost));
    check_exact(rig);

    // The whole window again: every order was imported by one of the two runs.
    const auto whole = reconcile(rig, "days=31");
    INFO(joined(whole));
    CHECK(str(whole.at("status")) == "ok");
    CHECK(report_count(whole, "imported_now") == 0);
    CHECK(report_count(whole, "in_host") ==
          report_count(first, "imported_now") + report_count(second, "imported_now"));
    CHECK(report_count(whole, "in_host_only") == 0);
}

TEST_CASE("integration: reconcile: a 30-day window under 20 % random faults is compared in a few "
          "runs and the "
          "host then equals Amazon") {
    // Every order in the store (a seller on UK and DE only): about 100 orders a day.
    testing::TempDir scenario_dir;
    const auto scenario = write_file(scenario_dir.path(), "scenario.yaml",
                                     "seller_id: A2SANDBOXSELLER\nmarketplaces: [UK, DE]\n");
    constexpr int seed = 80;
    DemoRig rig(3000, seed, {"--scenario", scenario});
    settle(rig);
    // Not reject_token: the sandbox applies it to a search's first page too, which carries no
    // token to reject, and a first page refused is rightly a request error that stops the job.
    rig.set_faults(json::object{
        {"random", json::object{{"rate", 0.2},
                                {"seed", seed},
                                {"kinds", json::array{"status", "throttle", "reset_mid_body",
                                                      "truncated_json", "short_body", "empty_reply",
                                                      "garbage", "expired_token", "wrong_schema",
                                                      "duplicate_page", "repeat_token"}}}}});
    std::vector<std::string> args{"days=31"};
    int runs = 0;
    int64_t slices = 0;
    int64_t imported = 0;
    int64_t failed_walks = 0;
    bool ok = false;
    while (!ok && runs < 6) {
        ++runs;
        const auto report = reconcile_args(rig, args);
        INFO(joined(report));
        slices += report_count(report, "slices");
        imported += report_count(report, "imported_now");
        failed_walks += report_count(report, "failed_walks");
        ok = str(report.at("status")) == "ok";
        if (!ok) {
            args = rest_args(report);
            REQUIRE(!args.empty());
        }
    }
    MESSAGE(runs << " reconcile run(s), " << slices << " slice(s), " << failed_walks
                 << " failed walk(s), searchOrders calls " << rig.sandbox.calls("searchOrders"));
    REQUIRE(ok);
    CHECK(runs <= 3);
    CHECK(failed_walks > 0); // this seed's faults do stop walks: what the slices are for
    CHECK(slices >= 5);      // a day first, then longer while they stay short, not one walk
    rig.set_faults(json::object{{"faults", json::array{}}});
    const auto c = rig.compare_now();
    INFO(c.summary());
    CHECK(c.expected > 300);
    CHECK(c.exact());
    CHECK(imported == static_cast<int64_t>(c.expected));
}

TEST_CASE(
    "integration: reconcile: an order of a consolidated day order that Amazon cancelled later is "
    "reported in the host, not as a status not imported") {
    std::string yaml = demo_config("demo");
    const std::string fbm = "fbm: {statuses: [unshipped], warehouse: MAIN}";
    REQUIRE(yaml.find(fbm) != std::string::npos);
    yaml.replace(yaml.find(fbm), fbm.size(),
                 "fbm: {statuses: [unshipped], warehouse: MAIN, host_status: placed, "
                 "customer: {strategy: single_customer, code: AMZ-UK}, consolidation: daily}");
    DemoRig rig(80, 80, {}, yaml);
    rig.import_until_ok();
    settle(rig);
    const auto before = reconcile(rig, "days=31");
    INFO(joined(before));
    CHECK(str(before.at("status")) == "ok");

    // A merchant order that is in a consolidated day order.
    std::string id;
    std::string day_order;
    const auto imported = rig.host.dump();
    for (const auto& entry : imported.at("sales_orders").as_array()) {
        const auto& meta = entry.as_object().at("metadata").as_object();
        if (meta.contains("amazon_order_ids")) {
            const auto ids = str(meta.at("amazon_order_ids"));
            id = ids.substr(0, ids.find(','));
            day_order = str(entry.as_object().at("idempotency_key"));
            break;
        }
    }
    REQUIRE(!id.empty());
    auto cancelled = rig.sandbox.get_order(id);
    cancelled["fulfillment"].as_object()["fulfillmentStatus"] = "CANCELLED";
    // No clock moves: Amazon has the same orders as before but this one (a search by creation
    // date sees the change at once).
    rig.sandbox.put_orders({cancelled});

    const auto after = reconcile(rig, "days=31");
    INFO(joined(after));
    CAPTURE(id);
    CHECK(str(after.at("status")) == "ok");
    CHECK(line_of(after, id).empty());
    CHECK(report_count(after, "status_not_imported") ==
          report_count(before, "status_not_imported"));
    CHECK(report_count(after, "in_host") ==
          report_count(before, "in_host") + report_count(before, "imported_now"));
    CHECK(report_count(after, "still_missing") == report_count(before, "still_missing"));
    CHECK(report_count(after, "in_host_only") == 0);
    // The day order itself is unchanged: one Amazon order never cancels the whole day.
    const auto dump = rig.host.dump();
    for (const auto& entry : dump.at("sales_orders").as_array()) {
        if (str(entry.as_object().at("idempotency_key")) == day_order) {
            CHECK(str(entry.as_object().at("status")) == "placed");
        }
    }
}

TEST_CASE("integration: reconcile: host orders of the window that Amazon does not have are counted "
          "and listed "
          "with what to check") {
    DemoRig rig(60, 81);
    rig.import_until_ok();
    settle(rig);
    // Two host orders under the store's key Amazon never had (one of a marketplace the store no
    // longer sells on), and one outside the window, which is not compared.
    const auto copy = [&](const std::string& id, const std::string& date,
                          const std::string& marketplace) {
        sql(rig.host.db(),
            "INSERT INTO entities (kind, key, doc, created_at, updated_at) SELECT kind, 'demo:" +
                id + "', json_set(doc, '$.idempotency_key', 'demo:" + id + "', '$.reference', '" +
                id + "', '$.metadata.amazon_order_id', '" + id + "', '$.metadata.marketplace', '" +
                marketplace + "', '$.order_date', '" + date +
                "'), created_at, updated_at FROM entities WHERE kind = 'sales_order' LIMIT 1");
    };
    copy("999-0000000-0000001", "2026-02-20T10:00:00Z", k_uk);
    copy("999-0000000-0000002", "2026-02-21T10:00:00Z", "A13V1IB3VIYZZH");
    copy("999-0000000-0000003", "2025-06-01T10:00:00Z", k_uk);

    const auto report = reconcile(rig, "days=31");
    INFO(joined(report));
    CHECK(str(report.at("status")) == "ok");
    CHECK(report_count(report, "in_host_only") == 2);
    CHECK(report_count(report, "imported_now") == 0);
    const auto same = line_of(report, "999-0000000-0000001");
    CHECK(same.find("in the host only") != std::string::npos);
    CHECK(same.find("did not return it") != std::string::npos);
    CHECK(same.find("Seller Central") != std::string::npos);
    const auto other = line_of(report, "999-0000000-0000002");
    CHECK(other.find("marketplace A13V1IB3VIYZZH is no longer one of the store's") !=
          std::string::npos);
    CHECK(line_of(report, "999-0000000-0000003").empty());
    // No buyer data: the line names the order, never its customer or address.
    const auto dump = rig.host.dump();
    const auto& first = dump.at("sales_orders").as_array().front().as_object();
    const auto customer = str(first.at("customer"));
    for (const auto& line : {same, other}) {
        CHECK(line.find(customer) == std::string::npos);
    }
}

} // namespace amzconn::integration
