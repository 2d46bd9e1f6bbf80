// Benchmark: the stock formula + delta for 100,000 SKUs over 5 warehouses with BOMs, and building
// one 25,000-message listings feed. Prints wall time and peak RSS (VmHWM); asserts nothing.
#include "stock/availability.hpp"
#include "stock/delta.hpp"
#include "stock/listings_feed.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

using namespace amzconn::stock;

namespace {

std::string peak_rss() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) {
            return line.substr(6);
        }
    }
    return " unknown";
}

// Process CPU seconds: the machine is shared, so wall time alone says little.
double cpu_seconds() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

StockInput make_catalogue(int products, int assemblies) {
    StockInput in;
    in.settings.warehouses = {"W1", "W2", "W3", "W4", "W5"};
    in.settings.include_assemblies = true;
    in.settings.assembly_mode = AssemblyMode::share_split;
    in.settings.buffer = 1;
    in.settings.maximum = 500;
    in.settings.lead_time_attribute = "lead_time";
    in.products.reserve(static_cast<std::size_t>(products));
    in.levels.reserve(static_cast<std::size_t>(products) * 5);
    in.listings.reserve(static_cast<std::size_t>(products));
    const int simple = products - assemblies;
    uint64_t seed = 42;
    auto next = [&seed](uint64_t bound) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int64_t>((seed >> 33U) % bound);
    };
    for (int i = 0; i < products; ++i) {
        Product p;
        p.code = "P" + std::to_string(i);
        if (i % 7 == 0) {
            p.attributes["lead_time"] = std::to_string(i % 10);
        }
        if (i >= simple) {
            p.is_assembly = true;
            const int lines = 2 + static_cast<int>(next(3));
            for (int k = 0; k < lines; ++k) {
                // Components: simple products, plus some sub-assemblies (multi-level).
                const bool sub = k == 0 && i > simple + 10 && next(4) == 0;
                const int64_t component = sub ? simple + next(static_cast<uint64_t>(i - simple))
                                              : next(static_cast<uint64_t>(simple));
                p.bom.push_back({"P" + std::to_string(component), 1 + next(3)});
            }
        }
        for (int w = 1; w <= 5; ++w) {
            in.levels.push_back(StockLevel{p.code, "W" + std::to_string(w), next(40) - 3, next(6)});
        }
        in.listings.push_back(
            Listing{p.code, "A1PA6795UKMFR9", i % 20 == 0 ? "AMAZON_EU" : "DEFAULT", ""});
        in.products.push_back(std::move(p));
    }
    return in;
}

} // namespace

int main() {
    const int products = 100'000;
    const StockInput input = make_catalogue(products, 10'000);
    std::printf("catalogue: %d SKUs, %zu stock levels (5 warehouses), 10000 assemblies\n", products,
                input.levels.size());

    double cpu = cpu_seconds();
    auto start = std::chrono::steady_clock::now();
    auto computed = compute_stock(input);
    if (!computed.ok()) {
        std::printf("compute failed: %s\n", computed.error().message.c_str());
        return 1;
    }
    const double compute_s = seconds_since(start);
    const double compute_cpu = cpu_seconds() - cpu;
    cpu = cpu_seconds();

    // Delta against a previous run where every other listing had a different quantity.
    start = std::chrono::steady_clock::now();
    std::size_t sends = 0;
    std::size_t unchanged = 0;
    uint64_t generation = 0;
    for (const ListingResult& r : computed->listings) {
        if (!r.quantity) {
            continue;
        }
        ListingValues values{r.channel_code, r.quantity, r.lead_time_days, std::nullopt};
        SentState previous;
        previous.has_confirmed = true;
        previous.confirmed = values;
        if (generation % 2 == 0) {
            previous.confirmed.quantity = *r.quantity + 1;
        }
        previous.version = 3;
        previous.computed_at_ms = 1000;
        DeltaDecision d = plan_delta(previous, Computation{values, 2000, ++generation},
                                     DeltaOptions{2000, 120'000});
        sends += d.action == DeltaAction::send ? 1 : 0;
        unchanged += d.action == DeltaAction::unchanged ? 1 : 0;
    }
    const double delta_s = seconds_since(start);
    const double delta_cpu = cpu_seconds() - cpu;
    std::printf("compute: %.3f s wall, %.3f s CPU; delta: %.3f s wall, %.3f s CPU (%zu to send, "
                "%zu unchanged); peak RSS:%s\n",
                compute_s, compute_cpu, delta_s, delta_cpu, sends, unchanged, peak_rss().c_str());

    std::vector<ListingUpdate> updates;
    updates.reserve(25'000);
    for (int i = 0; i < 25'000; ++i) {
        ListingUpdate u;
        u.sku = "SKU-" + std::to_string(i);
        u.marketplace_id = "A1PA6795UKMFR9";
        u.send_availability = true;
        u.values = ListingValues{"DEFAULT", i % 100, 2, PriceValue{"EUR", "19.99"}};
        updates.push_back(std::move(u));
    }
    start = std::chrono::steady_clock::now();
    auto feeds = build_listings_feeds(FeedHeader{"A2SELLER", "en_US"}, updates);
    const double feed_s = seconds_since(start);
    if (!feeds.ok() || feeds->empty()) {
        std::printf("feed build failed\n");
        return 1;
    }
    std::printf("feed (stock only): 25000 messages in %zu document(s), %zu bytes, %.3f s\n",
                feeds->size(), (*feeds)[0].document.size(), feed_s);

    for (ListingUpdate& u : updates) {
        u.send_price = true;
    }
    start = std::chrono::steady_clock::now();
    feeds = build_listings_feeds(FeedHeader{"A2SELLER", "en_US"}, updates);
    const double priced_s = seconds_since(start);
    std::size_t bytes = 0;
    for (const ListingsFeed& f : *feeds) {
        bytes += f.document.size();
    }
    std::printf("feed (stock + price): 25000 messages in %zu document(s), %zu bytes, %.3f s\n",
                feeds->size(), bytes, priced_s);
    std::printf("peak RSS:%s\n", peak_rss().c_str());
    return 0;
}
