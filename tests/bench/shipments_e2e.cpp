// Benchmark: shipment confirmation end to end. N host shipments (whole orders, one package each)
// are written to the reference host's database, then confirm_shipments sends them; the client
// paces confirmShipment by its documented usage plan (2/s, burst 10) on the host's virtual
// clock. Prints wall time, the host's virtual time next to the plan's lower bound, API calls,
// and whether the sandbox holds exactly one package per host shipment.
// Usage: amzconn_bench_shipments_e2e [--shipments N] [--seed S]
#include "rig.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <sqlite3.h>
#include <string>

using namespace amzconn::integration;
namespace json = boost::json;

namespace {

// Unshipped merchant orders the host imported, by Amazon order id.
std::vector<std::string> shippable(const DemoRig& rig, size_t wanted) {
    std::set<std::string> unshipped;
    const auto state = rig.sandbox.state(); // kept: the loop walks into it
    for (const auto& order : state.at("orders").as_array()) {
        if (str(order.at("fulfilledBy")) != "AMAZON" && str(order.at("status")) == "UNSHIPPED") {
            unshipped.insert(str(order.at("orderId")));
        }
    }
    std::vector<std::string> ids;
    const auto dump = rig.host.dump();
    for (const auto& order : dump.at("sales_orders").as_array()) {
        const auto id = str(order.at("metadata").at("amazon_order_id"));
        if (ids.size() < wanted && unshipped.count(id)) {
            ids.push_back(id);
        }
    }
    return ids;
}

// The host writes its shipments (as a host's own UI would), straight into its database.
void write_shipments(const DemoRig& rig, const std::vector<std::string>& ids) {
    sqlite3* db = nullptr;
    if (sqlite3_open(rig.host.db().c_str(), &db) != SQLITE_OK) {
        throw std::runtime_error("cannot open the host database");
    }
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO entities (kind, key, doc, created_at, updated_at) "
                       "VALUES ('shipment', ?1, ?2, 0, 0)",
                       -1, &insert, nullptr);
    const char* carriers[] = {"Royal Mail", "DHL", "Bob's Vans"};
    for (size_t i = 0; i < ids.size(); ++i) {
        const auto order = rig.alias + ":" + ids[i];
        const auto tracking = "BENCH" + std::to_string(i);
        const json::object doc{{"order", order},
                               {"store", rig.alias},
                               {"shipped_at", "2026-03-01T00:00:00Z"},
                               {"carrier", carriers[i % 3]},
                               {"tracking", tracking}};
        const auto key = order + "#" + tracking;
        const auto text = json::serialize(doc);
        sqlite3_bind_text(insert, 1, key.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 2, text.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(insert);
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(db);
}

} // namespace

int main(int argc, char** argv) {
    size_t shipments = 1000;
    int seed = 5;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::puts("amzconn_bench_shipments_e2e [--shipments N] [--seed S]\n"
                      "  Confirms N host shipments (default 1000) against amzconn-sandbox;\n"
                      "  prints wall time, virtual time against the confirmShipment plan's\n"
                      "  bound (2/s, burst 10) and the exactly-once check.");
            return 0;
        }
        if (i + 1 < argc && std::strcmp(argv[i], "--shipments") == 0) {
            shipments = static_cast<size_t>(std::atol(argv[++i]));
        } else if (i + 1 < argc && std::strcmp(argv[i], "--seed") == 0) {
            seed = std::atoi(argv[++i]);
        }
    }
    try {
        amzconn::testing::TempDir scenario_dir;
        const auto scenario = write_file(scenario_dir.path(), "scenario.yaml",
                                         "seller_id: A2SANDBOXSELLER\nmarketplaces: [UK, DE]\n");
        // About a quarter of generated orders are unshipped merchant orders.
        DemoRig rig(static_cast<int>(shipments * 4 + 200), seed, {"--scenario", scenario});
        rig.import_until_ok(60);
        const auto ids = shippable(rig, shipments);
        write_shipments(rig, ids);
        const int64_t virtual_start = rig.host.clock_ms();
        const auto start = std::chrono::steady_clock::now();
        int runs = 0;
        for (; runs < 20; ++runs) {
            const auto report = json::parse(rig.host.ok({"run", "--json", "confirm_shipments",
                                                         "--store", rig.alias}))
                                    .as_object();
            if (str(report.at("status")) == "ok") {
                ++runs;
                break;
            }
            rig.host.ok({"clock", "advance", "16m"});
        }
        const auto wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const int64_t virtual_ms = rig.host.clock_ms() - virtual_start;
        const auto state = rig.sandbox.state();
        size_t packages = 0;
        int64_t confirmations = 0;
        for (const auto& order : state.at("orders").as_array()) {
            packages += order.at("shipments").as_array().size();
            confirmations += order.at("confirmations").to_number<int64_t>();
        }
        const double n = static_cast<double>(ids.size());
        std::printf("host shipments                   %zu (seed %d)\n", ids.size(), seed);
        std::printf("confirm_shipments runs           %d\n", runs);
        std::printf("wall time                        %.2f s (%.0f confirmations/s)\n", wall,
                    n / wall);
        std::printf("virtual time (host clock)        %.0f s\n",
                    static_cast<double>(virtual_ms) / 1000.0);
        std::printf("lower bound of the plan          %.0f s (rate 2/s, burst 10)\n",
                    n > 10 ? (n - 10) / 2.0 : 0.0);
        std::printf("confirmShipment calls            %lld\n",
                    static_cast<long long>(rig.sandbox.calls("confirmShipment")));
        std::printf("packages at Amazon               %zu, confirmations %lld: %s\n", packages,
                    static_cast<long long>(confirmations),
                    packages == ids.size() && confirmations == static_cast<int64_t>(ids.size())
                        ? "exactly once"
                        : "MISMATCH");
        return packages == ids.size() ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "amzconn_bench_shipments_e2e: %s\n", e.what());
        return 1;
    }
}
