// The reference host's product commands with the real plugin, the real SQLite host and the real
// sandbox: `product set` edits the settings of many SKUs, `products` shows them per listing.
#include "../integration/rig.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>
#include <map>
#include <vector>

using namespace amzconn;
using namespace amzconn::integration;
namespace json = boost::json;

namespace {

// The demo store (which names amazon_lead_time already) with the skip attribute named too.
std::string settings_config() {
    auto yaml = demo_config("demo");
    const std::string line = "      create_on_import: true";
    const auto at = yaml.find(line);
    REQUIRE(at != std::string::npos);
    REQUIRE(yaml.find("lead_time_attribute: amazon_lead_time") != std::string::npos);
    yaml.insert(yaml.find('\n', at) + 1, "      skip_attribute: amazon_skip\n");
    return yaml;
}

// `products` until Amazon's listings report is ready (the sandbox's clock moved on between).
json::array products(const DemoRig& rig, const std::string& search) {
    for (int i = 0; i < 20; ++i) {
        auto listed = rig.host.cmd({"products", "--store", "demo", "--search", search});
        if (listed.exit_code == 0) {
            return json::parse(listed.out).as_array();
        }
        INFO(listed.err);
        rig.sandbox.advance(60);
        rig.host.ok({"clock", "advance", "1m"});
    }
    FAIL("products never listed");
    return {};
}

// A job through `run --json` until Amazon's listings report is ready (both clocks moved on).
json::object run_job(const DemoRig& rig, std::vector<std::string> args) {
    args.insert(args.begin(), {"run", "--json"});
    for (int i = 0; i < 20; ++i) {
        auto report = json::parse(rig.host.ok(args)).as_object();
        if (str(report.at("status")) != "retry_later") {
            return report;
        }
        rig.sandbox.advance(60);
        rig.host.ok({"clock", "advance", "1m"});
    }
    FAIL("the job never ended");
    return {};
}

// Host products by Amazon ASIN (attribute amazon_asin; "" for none).
std::map<std::string, std::vector<std::string>> products_by_asin(const DemoRig& rig) {
    std::map<std::string, std::vector<std::string>> out;
    const auto dump = rig.host.dump();
    for (const auto& p : dump.at("products").as_array()) {
        const auto& doc = p.as_object();
        const auto* attributes = doc.if_contains("attributes");
        const auto* asin =
            attributes ? attributes->as_object().if_contains("amazon_asin") : nullptr;
        out[asin ? str(*asin) : ""].push_back(str(doc.at("code")));
    }
    return out;
}

} // namespace

TEST_CASE("products: orders imported before and after switching from SKU to ASIN land on the "
          "same products (0 duplicates)") {
    auto yaml = demo_config("demo");
    const std::string line = "      create_on_import: true";
    yaml.insert(yaml.find('\n', yaml.find(line)) + 1, "      identification_migration: true\n");
    DemoRig rig(20, 1, {}, yaml);
    rig.import_until_ok();
    const auto migrated = run_job(rig, {"migrate_identification", "--store", "demo", "--arg",
                                        "to=asin", "--arg", "apply=true"});
    CHECK(str(migrated.at("status")) == "ok");
    CHECK(migrated.at("counts").at("rebind").as_int64() >= 1); // the host's own SKU-FBM-1 at least
    const auto before = rig.host.dump().at("products").as_array().size();

    auto asin_yaml = yaml;
    const std::string products = "    products:\n";
    asin_yaml.insert(asin_yaml.find(products) + products.size(), "      identification: asin\n");
    rig.host.ok({"install", write_file(rig.dir.path(), "asin.yaml", asin_yaml)});
    rig.sandbox.post("/_sandbox/generate", json::object{{"count", 20}, {"seed", 2}});
    rig.import_until_ok();
    // Generated orders carry past dates the cursor is beyond: the reconcile window takes them.
    const auto reconciled =
        run_job(rig, {"reconcile_orders", "--store", "demo", "--arg", "days=120"});
    CHECK(reconciled.at("counts").at("imported").as_int64() > 0);
    const auto compared = rig.compare_now();
    CHECK_MESSAGE(compared.exact(), compared.summary());
    const auto by_asin = products_by_asin(rig);
    for (const auto& [asin, codes] : by_asin) {
        CAPTURE(asin);
        if (!asin.empty()) {
            CHECK(codes.size() == 1); // one product per ASIN: nothing was created twice
        }
    }
    // Without the migration SKU-FBM-1 and the others the host had before amzconn would each get
    // a second product here (create_on_import, code = ASIN).
    CHECK(rig.host.dump().at("products").as_array().size() == before);
}

TEST_CASE("products: amzconn-host product set edits many SKUs and products shows the settings "
          "per listing") {
    DemoRig rig(3, 1, {}, settings_config());
    const auto set = rig.host.cmd(
        {"product", "set", "SKU-FBM-1", "SKU-FBM-DE", "--store", "demo", "--lead-time", "3"});
    CHECK(set.exit_code == 0);
    CHECK(set.out.find("2 product(s) changed") != std::string::npos);
    const auto off = rig.host.cmd(
        {"product", "set", "SKU-FBM-DE", "NOPE", "--store", "demo", "--sync", "off", "--json"});
    CHECK(off.exit_code == 0); // --json: the report, whatever its status
    const auto report = json::parse(off.out).as_object();
    CHECK(str(report.at("status")) == "partial");
    CHECK(report.at("counts").at("unknown").as_int64() == 1);
    const auto unknown =
        rig.host.cmd({"product", "set", "NOPE", "--store", "demo", "--sync", "on"});
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.out.find("1 SKU(s) unknown") != std::string::npos);

    const auto rows = products(rig, "sku-fbm-");
    REQUIRE_FALSE(rows.empty());
    int seen = 0;
    for (const auto& r : rows) {
        const auto& row = r.as_object();
        const auto sku = str(row.at("sku"));
        CHECK(sku.find("SKU-FBM-") == 0);
        if (sku == "SKU-FBM-1" || sku == "SKU-FBM-DE") {
            ++seen;
            CHECK(str(row.at("product")) == sku);
            CHECK(row.at("lead_time_days").as_int64() == 3);
            CHECK(str(row.at("sync")) == (sku == "SKU-FBM-DE" ? "off" : "on"));
        }
    }
    CHECK(seen == 2); // SKU-FBM-1 in UK, SKU-FBM-DE in DE
    // A file of many SKUs (lines, commas or spaces).
    const auto file = write_file(rig.dir.path(), "skus.txt", "SKU-FBM-1,\nSKU-FBM-DE\n");
    const auto bulk = rig.host.cmd(
        {"product", "set", "--file", file, "--store", "demo", "--lead-time", "default"});
    CHECK(bulk.exit_code == 0);
    CHECK(bulk.out.find("2 product(s) changed") != std::string::npos);
    for (const auto& r : products(rig, "SKU-FBM-1")) {
        CHECK(str(r.at("lead_time_source")) == "store default");
    }
}
