// Benchmark: order import end to end (amzconn-sandbox -> plugin -> amzconn-host over SQLite).
// Prints orders per second (wall), API calls per 1,000 imported orders (sandbox counters), and
// the host's virtual time to read N orders under the documented usage plans (the client paces
// itself from them on the host clock) next to the lower bound searchOrders' plan allows.
// Usage: amzconn_bench_orders_e2e [--orders N] [--seed S] [--faults RATE]
#include "rig.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace amzconn::integration;
namespace json = boost::json;

namespace {

// Merchant orders of every status too; with a sandbox seller on UK and DE only, the store reads
// all N generated orders.
std::string all_orders_config() {
    std::string yaml = demo_config("bench");
    const auto swap = [&](const std::string& from, const std::string& to) {
        yaml.replace(yaml.find(from), from.size(), to);
    };
    swap("fbm: {statuses: [unshipped], warehouse: MAIN}",
         "fbm: {statuses: [unshipped, shipped], warehouse: MAIN}");
    return yaml;
}

} // namespace

int main(int argc, char** argv) {
    int orders = 10000;
    int seed = 1;
    double fault_rate = 0.0;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--help")) {
            std::printf("usage: amzconn_bench_orders_e2e [--orders N] [--seed S] [--faults RATE]\n"
                        "  imports N generated sandbox orders into a fresh reference host and\n"
                        "  prints orders/s, API calls per 1,000 orders and virtual time; with\n"
                        "  --faults 0.2 the sandbox injects random faults and the run also checks\n"
                        "  that the host equals the sandbox (0 lost, 0 duplicated)\n");
            return 0;
        }
        if (i + 1 < argc && !std::strcmp(argv[i], "--orders")) {
            orders = std::atoi(argv[++i]);
        } else if (i + 1 < argc && !std::strcmp(argv[i], "--seed")) {
            seed = std::atoi(argv[++i]);
        } else if (i + 1 < argc && !std::strcmp(argv[i], "--faults")) {
            fault_rate = std::atof(argv[++i]);
        } else {
            std::fprintf(stderr, "unknown argument %s: see --help\n", argv[i]);
            return 1;
        }
    }
    try {
        amzconn::testing::TempDir scenario_dir;
        const auto scenario = write_file(scenario_dir.path(), "scenario.yaml",
                                         "seller_id: A2SANDBOXSELLER\nmarketplaces: [UK, DE]\n");
        DemoRig rig(orders, seed, {"--scenario", scenario}, all_orders_config(), "bench");
        if (fault_rate > 0) {
            rig.set_faults(json::object{
                {"random",
                 json::object{
                     {"rate", fault_rate},
                     {"seed", seed},
                     {"kinds", json::array{"status", "throttle", "reset_mid_body", "truncated_json",
                                           "duplicate_page", "repeat_token", "reject_token"}}}}});
        }
        const int64_t virtual_start = rig.host.clock_ms();
        const auto start = std::chrono::steady_clock::now();
        const int runs = rig.import_until_ok(60);
        const auto wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const int64_t virtual_ms = rig.host.clock_ms() - virtual_start;
        rig.set_faults(json::object{{"faults", json::array{}}});
        // Amazon serves nothing updated in the last 2 minutes; the generator puts late arrivals
        // there. The next scheduled run picks them up: let 5 minutes pass and run once more before
        // comparing (figures above cover the first, timed import).
        rig.sandbox.advance(300);
        rig.host.ok({"clock", "advance", "5m"});
        const int catch_up_runs = rig.import_until_ok(5);
        const auto state = rig.sandbox.state();
        const auto dump = rig.host.dump();
        const auto imported = dump.at("sales_orders").as_array().size();
        const auto& calls = state.at("calls").as_object();
        int64_t total = 0;
        for (const auto& [op, n] : calls) {
            total += n.to_number<int64_t>();
        }
        const auto search =
            calls.contains("searchOrders") ? calls.at("searchOrders").to_number<int64_t>() : 0;
        std::printf("orders generated                 %d (seed %d, random fault rate %.2f)\n",
                    orders, seed, fault_rate);
        std::printf("import runs until ok             %d (+%d catch-up after 5 min)\n", runs,
                    catch_up_runs);
        std::printf("orders imported into the host    %zu\n", imported);
        std::printf("wall time                        %.2f s\n", wall);
        std::printf("orders per second end to end     %.0f\n",
                    static_cast<double>(imported) / wall);
        std::printf("API calls (all operations)       %lld, searchOrders %lld\n",
                    static_cast<long long>(total), static_cast<long long>(search));
        std::printf("API calls per 1,000 imported     %.1f\n",
                    imported ? 1000.0 * static_cast<double>(total) / static_cast<double>(imported)
                             : 0.0);
        // searchOrders: 0.0056 requests/s, burst 20 (spapi-facts.md §3.2); 100 orders a page.
        const double pages = static_cast<double>((orders + 99) / 100);
        const double bound_s = pages > 20 ? (pages - 20) / 0.0056 : 0.0;
        std::printf("virtual time (host clock)        %.0f s\n",
                    static_cast<double>(virtual_ms) / 1000.0);
        std::printf("lower bound of the plans         %.0f s (%.0f pages, rate 0.0056/s, burst "
                    "20)\n",
                    bound_s, pages);
        const auto c = compare(dump, state, "bench", [](const json::object& order) {
            const auto status = str(order.at("status"));
            if (str(order.at("fulfilledBy")) == "AMAZON") {
                return status == "SHIPPED";
            }
            return status == "UNSHIPPED" || status == "SHIPPED" || status == "PARTIALLY_SHIPPED";
        });
        std::printf("host vs sandbox                  %s\n", c.summary().c_str());
        // Stale counts FBM orders imported already shipped, whose host status this rig does not
        // model; lost, duplicated and extra are the figures that must be 0.
        return c.lost == 0 && c.duplicated == 0 && c.extra == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "benchmark failed: %s\n", e.what());
        return 2;
    }
}
