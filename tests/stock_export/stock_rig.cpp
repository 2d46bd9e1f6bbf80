#include "stock_rig.hpp"

#include <algorithm>
#include <chrono>
#include <doctest/doctest.h>
#include <fstream>
#include <thread>

namespace amzconn::stock_tests {
namespace json = boost::json;
using integration::RunResult;

namespace {

constexpr const char* k_uk_id = "A1F83G8C2ARO7P";

std::vector<std::string> scenario_args(const integration::TempDir& dir,
                                       const std::string& time_scale) {
    std::string text = "seller_id: A2SANDBOXSELLER\nmarketplaces: [UK]\nlistings:\n";
    for (const auto& sku : StockRig::k_fbm) {
        text += "  - {sku: " + sku + ", marketplace_id: " + k_uk_id +
                ", channel: DEFAULT, quantity: 0}\n";
    }
    text += "  - {sku: " + StockRig::k_fba + ", marketplace_id: " + k_uk_id +
            ", channel: AMAZON_EU, quantity: " + std::to_string(StockRig::k_fba_quantity) + "}\n";
    const auto path = integration::write_file(dir.path(), "scenario.yaml", text);
    // By default the sandbox clock runs 50 times faster than real time: feeds and reports
    // finish within tens of milliseconds while an access token still lives for over a minute.
    return {"--scenario", path, "--clock", "virtual", "--time-scale", time_scale};
}

const char* k_config = R"(stores:
  - alias: uk1
    marketplaces: {primary: UK}
    seller_id: A2SANDBOXSELLER
    endpoint: ${env:AMZCONN_SANDBOX_URL}
    credentials:
      lwa_client_id: ${env:AMZCONN_DEMO_CLIENT_ID}
      lwa_client_secret: ${env:AMZCONN_DEMO_CLIENT_SECRET}
      refresh_token: ${env:AMZCONN_DEMO_REFRESH_TOKEN}
    status: {open: true}
    stock:
      enabled: true
      warehouses: [MAIN]
      fba_warehouses: [FBA]
)";

} // namespace

StockRig::StockRig(int seed, const std::string& time_scale)
    : sandbox(scenario_args(dir, time_scale)), host(dir.path(), sandbox.url()) {
    host.ok({"clock", "set", "2026-03-01T00:00:00Z"});
    host.ok({"install", integration::write_file(dir.path(), "uk1.yaml", k_config)});
    std::string data = "warehouses:\n"
                       "  - {code: MAIN, name: Main, is_fba: false}\n"
                       "  - {code: FBA, name: Amazon, is_fba: true}\n"
                       "products:\n";
    for (const auto& sku : k_fbm) {
        data += "  - {code: " + sku + ", description: " + sku +
                ", is_assembly: false, tracking: none}\n";
    }
    data += "  - {code: " + k_fba + ", description: stool, is_assembly: false, tracking: none}\n";
    data += "stock_levels:\n";
    // The FBA product also has merchant stock: it must still never get a quantity.
    data += "  - {product: " + k_fba + ", warehouse: MAIN, on_hand: 4, allocated: 0}\n";
    data += "  - {product: " + k_fba + ", warehouse: FBA, on_hand: 30, allocated: 0}\n";
    host.ok({"seed", integration::write_file(dir.path(), "master.yaml", data)});
    std::map<std::string, std::pair<int64_t, int64_t>> levels;
    for (size_t i = 0; i < k_fbm.size(); ++i) {
        const auto n = static_cast<int64_t>((static_cast<size_t>(seed) * 7 + i * 13) % 40);
        levels[k_fbm[i]] = {n + 5, n % 4};
    }
    set_levels(levels);
}

void StockRig::set_levels(const std::map<std::string, std::pair<int64_t, int64_t>>& levels) {
    std::string data = "stock_levels:\n";
    for (const auto& [sku, level] : levels) {
        data += "  - {product: " + sku +
                ", warehouse: MAIN, on_hand: " + std::to_string(level.first) +
                ", allocated: " + std::to_string(level.second) + "}\n";
        m_levels[sku] = level;
    }
    host.ok({"seed", integration::write_file(
                         dir.path(), "levels-" + std::to_string(++m_seed_files) + ".yaml", data)});
}

int64_t StockRig::available(const std::string& sku) const {
    const auto& level = m_levels.at(sku);
    return std::max<int64_t>(0, level.first - level.second);
}

RunResult StockRig::run(const std::string& job, const std::string& failpoints) const {
    std::map<std::string, std::string> env;
    if (!failpoints.empty()) {
        env["AMZCONN_FAILPOINTS"] = failpoints;
    }
    return host.cmd({"run", "--json", job, "--store", "uk1"}, env);
}

RunResult StockRig::event(const std::vector<std::string>& skus,
                          const std::string& failpoints) const {
    std::map<std::string, std::string> env;
    if (!failpoints.empty()) {
        env["AMZCONN_FAILPOINTS"] = failpoints;
    }
    std::vector<std::string> args{"event", "stock-changed"};
    args.insert(args.end(), skus.begin(), skus.end());
    args.emplace_back("--json");
    return host.cmd(args, env);
}

json::object StockRig::report(const RunResult& run) {
    INFO("stdout: " << run.out);
    INFO("stderr: " << run.err);
    REQUIRE(run.exit_code == 0);
    boost::system::error_code ec;
    auto parsed = json::parse(run.out, ec);
    REQUIRE(!ec);
    REQUIRE(parsed.is_object());
    return parsed.as_object();
}

json::object StockRig::poll_until_done() const {
    for (int i = 0; i < 100; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(60));
        auto polled = report(run("poll_feeds"));
        const auto& counts = polled.at("counts").as_object();
        const auto* queued = counts.if_contains("queued");
        if (counts.at("feeds_pending").as_int64() == 0 && (!queued || queued->as_int64() == 0)) {
            return polled;
        }
    }
    FAIL("the feeds never finished");
    return {};
}

void StockRig::advance_host(const std::string& duration) const {
    host.ok({"clock", "advance", duration});
}

int64_t StockRig::sandbox_calls(const std::string& operation) const {
    return sandbox.calls(operation);
}

std::map<std::string, json::object> StockRig::listings() const {
    std::map<std::string, json::object> out;
    const auto state = sandbox.state();
    for (const auto& l : state.at("listings").as_array()) {
        const auto& o = l.as_object();
        if (o.at("marketplace_id").as_string() == k_uk_id) {
            out[std::string(o.at("sku").as_string())] = o;
        }
    }
    return out;
}

void StockRig::check_agree() const {
    const auto now = listings();
    for (const auto& sku : k_fbm) {
        CAPTURE(sku);
        REQUIRE(now.count(sku) == 1);
        CHECK(now.at(sku).at("quantity").as_int64() == available(sku));
        CHECK(now.at(sku).at("channel").as_string() == "DEFAULT");
    }
    REQUIRE(now.count(k_fba) == 1);
    CHECK(now.at(k_fba).at("quantity").as_int64() == k_fba_quantity);
    CHECK(now.at(k_fba).at("channel").as_string() == "AMAZON_EU");
}

} // namespace amzconn::stock_tests
