// Benchmark: how many Amazon orders one core maps per second from a searchOrders page (strict
// parse + map_order to sales_order/customer trees + the sales order serialised once), as a ratio
// against a raw Boost.JSON DOM parse of the same bytes measured in the same run, rounds
// interleaved. Prints its figures; never asserts on time.
#include "amzconn/config/config.hpp"
#include "orders/map_order.hpp"
#include "orders/order_settings.hpp"
#include "spapi/order_parser.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace bj = boost::json;
using namespace amzconn;

namespace {

bj::object money(const std::string& amount, const char* currency) {
    return bj::object{{"amount", amount}, {"currencyCode", currency}};
}

std::string cents_text(int64_t c) {
    return std::to_string(c / 100) + "." + (c % 100 < 10 ? "0" : "") + std::to_string(c % 100);
}

// A full page of 100 FBM UK orders in the shape of Amazon's examples: 1-3 lines, shipping,
// VAT, a promotion on some, buyer and address data.
std::string make_page(int page_index) {
    bj::array orders;
    for (int i = 0; i < 100; ++i) {
        const int n = page_index * 100 + i;
        bj::array items;
        int64_t total = 0;
        for (int k = 0; k <= n % 3; ++k) {
            const int64_t qty = 1 + (n + k) % 4;
            const int64_t unit = 499 + ((n * 7 + k * 13) % 5000);
            const int64_t line = unit * qty;
            const int64_t vat = line / 6;
            const int64_t ship = k == 0 ? 399 : 0;
            total += line + ship;
            bj::array breakdowns{
                bj::object{{"type", "ITEM"}, {"subtotal", money(cents_text(line), "GBP")}},
                bj::object{{"type", "TAX"},
                           {"subtotal", money(cents_text(vat + ship / 6), "GBP")},
                           {"detailedBreakdowns",
                            bj::array{bj::object{{"subtype", "ITEM"},
                                                 {"value", money(cents_text(vat), "GBP")}},
                                      bj::object{{"subtype", "SHIPPING"},
                                                 {"value", money(cents_text(ship / 6), "GBP")}}}}}};
            if (ship != 0) {
                breakdowns.push_back(
                    bj::object{{"type", "SHIPPING"}, {"subtotal", money(cents_text(ship), "GBP")}});
            }
            const std::string sku = "SKU-" + std::to_string((n + k) % 500);
            items.push_back(bj::object{
                {"orderItemId", std::to_string(10000000 + n * 10 + k)},
                {"quantityOrdered", qty},
                {"product",
                 bj::object{{"asin", "B0" + std::to_string(1000000 + (n + k) % 500)},
                            {"title", "Product " + sku},
                            {"sellerSku", sku},
                            {"price", bj::object{{"unitPrice", money(cents_text(unit), "GBP")}}}}},
                {"proceeds", bj::object{{"proceedsTotal", money(cents_text(line + ship), "GBP")},
                                        {"breakdowns", std::move(breakdowns)}}},
                {"fulfillment",
                 bj::object{{"quantityFulfilled", 0}, {"quantityUnfulfilled", qty}}}});
        }
        char id[32];
        std::snprintf(id, sizeof id, "202-%07d-%07d", n, n * 3 % 10000000);
        orders.push_back(bj::object{
            {"orderId", id},
            {"createdTime", "2026-01-15T10:04:00Z"},
            {"lastUpdatedTime", "2026-01-15T11:00:00Z"},
            {"programs", n % 5 == 0 ? bj::array{"PRIME"} : bj::array{}},
            {"salesChannel", bj::object{{"channelName", "AMAZON"},
                                        {"marketplaceId", "A1F83G8C2ARO7P"},
                                        {"marketplaceName", "Amazon.co.uk"}}},
            {"buyer",
             bj::object{{"buyerName", "Buyer " + std::to_string(n)},
                        {"buyerEmail", "b" + std::to_string(n) + "@marketplace.amazon.co.uk"}}},
            {"recipient",
             bj::object{{"deliveryAddress",
                         bj::object{{"name", "Buyer " + std::to_string(n)},
                                    {"addressLine1", std::to_string(n) + " High Street"},
                                    {"city", "London"},
                                    {"postalCode", "SW1A 1AA"},
                                    {"countryCode", "GB"}}}}},
            {"proceeds", bj::object{{"grandTotal", money(cents_text(total), "GBP")}}},
            {"fulfillment",
             bj::object{{"fulfillmentStatus", "UNSHIPPED"},
                        {"fulfilledBy", "MERCHANT"},
                        {"fulfillmentServiceLevel", "STANDARD"},
                        {"shipByWindow", bj::object{{"earliestDateTime", "2026-01-15T00:00:00Z"},
                                                    {"latestDateTime", "2026-01-16T23:59:59Z"}}}}},
            {"orderItems", std::move(items)}});
    }
    return bj::serialize(
        bj::object{{"orders", std::move(orders)}, {"lastUpdatedBefore", "2026-01-15T12:00:00Z"}});
}

orders::OrderSettings bench_store() {
    const char* yaml = "stores:\n"
                       "  - alias: uk1\n"
                       "    marketplaces: {primary: UK}\n"
                       "    seller_id: A2EXAMPLE1UK\n"
                       "    credentials:\n"
                       "      lwa_client_id: ${env:ID}\n"
                       "      lwa_client_secret: ${env:SECRET}\n"
                       "      refresh_token: ${env:TOKEN}\n"
                       "    orders:\n"
                       "      fbm: {warehouse: MAIN, host_status: completed, auto_assign: batch}\n"
                       "    products: {sku_attribute: amazon_sku}\n"
                       "    taxes: {mode: line, vat_metadata_key: vat_tax}\n";
    config::LoadContext ctx;
    ctx.env_defined = [](std::string_view) { return true; };
    auto loaded = config::load("bench.yaml", yaml, ctx);
    if (!loaded.ok()) {
        std::fprintf(stderr, "bench config does not load\n");
        std::exit(2);
    }
    return plugin::order_settings(loaded.config->stores.at(0));
}

orders::HostView bench_host() {
    orders::HostView host;
    host.default_warehouse = "MAIN";
    for (int i = 0; i < 500; ++i) {
        // (appending instead of "P" + to_string(): GCC 12's -Wrestrict false positive at -O2)
        std::string sku("SKU-");
        sku += std::to_string(i);
        std::string code("P");
        code += std::to_string(i);
        host.products[sku] = orders::HostProduct{
            code, i % 4 == 0 ? orders::Tracking::batch : orders::Tracking::none, {}};
        auto& s = host.stock[{code, "MAIN"}];
        s.available = 50;
        s.batches = {{"B1", 20, time::Timestamp{1}}, {"B2", 30, time::Timestamp{2}}};
    }
    return host;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

// The baseline: Boost.JSON's DOM parse of every page (and the tree freed), nothing else.
double raw_round(const std::vector<std::string>& bodies, size_t& sink) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& body : bodies) {
        sink += bj::parse(body).as_object().size();
    }
    return seconds_since(start);
}

struct MapTally {
    size_t imported = 0;
    size_t other = 0;
    size_t out_bytes = 0;
    bool failed = false;
};

// What the plugin does per page: strict parse to typed orders, map_order, and the sales order
// serialised once as the engine does at the host write.
double map_round(const std::vector<std::string>& bodies, const orders::OrderSettings& store,
                 const orders::HostView& host, MapTally& tally) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& body : bodies) {
        auto page = spapi::orders::parse_search_orders(body, "bench");
        if (!page.ok()) {
            tally.failed = true;
            continue;
        }
        for (const auto& order : page->orders) {
            auto result = orders::map_order(order, store, host);
            if (result.is_import()) {
                ++tally.imported;
                tally.out_bytes += boost::json::serialize(result.import().sales_order).size();
            } else {
                ++tally.other;
            }
        }
    }
    return seconds_since(start);
}

} // namespace

int main(int argc, char** argv) {
    int pages = 50;
    int rounds = 7;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::printf("usage: amzconn_bench_orders_map [--pages N] [--rounds N]\n"
                        "Maps N generated searchOrders pages of 100 UK FBM orders (VAT, shipping,\n"
                        "batches) to host documents on one core and parses the same bytes with\n"
                        "Boost.JSON's DOM parser, R rounds interleaved, and prints the medians.\n"
                        "The last line is the summary a script reads:\n"
                        "  orders_map: <orders/s> orders/s (<ratio>x vs raw Boost.JSON DOM parse)\n"
                        "Defaults: --pages 50 --rounds 7 (at least 5 are advised).\n");
            return 0;
        }
        if (i + 1 < argc && std::strcmp(argv[i], "--pages") == 0) {
            pages = std::max(1, std::atoi(argv[++i]));
        } else if (i + 1 < argc && std::strcmp(argv[i], "--rounds") == 0) {
            rounds = std::max(1, std::atoi(argv[++i]));
        } else {
            std::fprintf(stderr, "unknown argument '%s': run with --help\n", argv[i]);
            return 2;
        }
    }
    std::vector<std::string> bodies;
    size_t bytes = 0;
    for (int p = 0; p < pages; ++p) {
        bodies.push_back(make_page(p));
        bytes += bodies.back().size();
    }
    const auto store = bench_store();
    const auto host = bench_host();
    const double orders_per_round = static_cast<double>(pages) * 100.0;

    // One warm-up of each, then rounds interleaved A B A B so both see the same machine load.
    size_t sink = 0;
    MapTally warm;
    raw_round(bodies, sink);
    map_round(bodies, store, host, warm);
    std::vector<double> raw_rates;
    std::vector<double> map_rates;
    std::vector<double> ratios;
    MapTally tally;
    for (int r = 0; r < rounds; ++r) {
        const double raw_s = raw_round(bodies, sink);
        const double map_s = map_round(bodies, store, host, tally);
        raw_rates.push_back(orders_per_round / raw_s);
        map_rates.push_back(orders_per_round / map_s);
        ratios.push_back(raw_s / map_s);
    }
    if (warm.failed || tally.failed) {
        std::fprintf(stderr, "a page does not parse\n");
        return 1;
    }
    const double raw_rate = median(raw_rates);
    const double map_rate = median(map_rates);
    std::printf("orders_map: %d pages x 100 orders, %.1f MiB of page JSON, %d interleaved rounds "
                "(medians)\n",
                pages, static_cast<double>(bytes) / (1024.0 * 1024.0), rounds);
    std::printf("raw Boost.JSON DOM parse  : %10.0f orders/s  (%.1f MiB/s)\n", raw_rate,
                static_cast<double>(bytes) / (orders_per_round / raw_rate) / (1024.0 * 1024.0));
    std::printf("parse + map_order (1 core): %10.0f orders/s  (%.1f us/order)\n", map_rate,
                1e6 / map_rate);
    std::printf("imported %zu, other decisions %zu, %.1f KiB of sales_order JSON per round "
                "(check %zu)\n",
                tally.imported, tally.other, static_cast<double>(tally.out_bytes) / rounds / 1024.0,
                sink);
    // The line a script reads: the median of the per-round ratios (each round's pair ran
    // back to back).
    std::printf("orders_map: %.0f orders/s (%.3fx vs raw Boost.JSON DOM parse)\n", map_rate,
                median(ratios));
    return tally.imported == static_cast<size_t>(orders_per_round) * static_cast<size_t>(rounds)
               ? 0
               : 1;
}
