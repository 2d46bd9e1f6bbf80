// The reference host's product commands with the real plugin, the real SQLite host and the real
// sandbox: `product set` edits the settings of many SKUs, `products` shows them per listing.
#include "../integration/rig.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

using namespace amzconn;
using namespace amzconn::integration;
namespace json = boost::json;

namespace {

// The demo store with the per-product settings' attributes named.
std::string settings_config() {
    auto yaml = demo_config("demo");
    const std::string line = "      create_on_import: true";
    const auto at = yaml.find(line);
    REQUIRE(at != std::string::npos);
    yaml.insert(yaml.find('\n', at) + 1, "      lead_time_attribute: amazon_lead_time\n"
                                         "      skip_attribute: amazon_skip\n");
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

} // namespace

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
