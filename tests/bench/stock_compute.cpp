// Benchmark: the stock formula + delta for 100,000 SKUs over 5 warehouses with BOMs, against a
// minimal hash-and-sum over the same input measured in the same run.
//
// A (baseline): free units per product code summed into one hash map, then one lookup per listing.
// B (measured): compute_stock (Detail::quantities, what export_stock runs) and, per listing, the
//   delta work StockExport::push and plan_listing do: the index over the last-sent states
//   read_all_sent returns, the listing key, the lookup of its state, stock::decide_delta, the
//   next state of each listing kept, the send list, and the state each planned send persists
//   (stock::next_state, as ListingFeeds::persist_pending builds it before writing it; host-state
//   reads and writes excluded).
// Rounds run A B A B ..., each run in a forked child so that one run's heap cannot help the next;
// the figures are medians. Memory: the child returns free heap to the system (malloc_trim), resets
// its peak (clear_refs 5), and reports peak RSS minus RSS before the run: what the run added above
// the input, which the parent built before forking and is excluded.
//
// Prints one line per figure: `name: value unit (ratio vs baseline)`; lines starting with '#'
// are context. Asserts nothing. Options (for profiling on a smaller input): --products N (100,000;
// a tenth of them assemblies), --rounds N (7).
#include "stock/availability.hpp"
#include "stock/delta.hpp"
#include "stock/flat_index.hpp"
#include "stock/listings_feed.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <malloc.h>
#include <optional>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_map>
#include <utility>
#include <vector>

using namespace amzconn::stock;

namespace {

constexpr int k_products = 100'000;
constexpr int k_rounds = 7;
volatile int64_t g_sink = 0; // keeps the next states the measured run builds observable

using ListingKey = std::pair<std::string, std::string>; // as plugin/src/stock/stock_state.hpp
struct StoredSent {
    SentState state;
    int64_t host_version = 0;
};
using SentStates = PairKeyVector<StoredSent>; // what read_all_sent returns

int64_t status_kb(const char* field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    const std::string prefix = std::string(field) + ":";
    while (std::getline(status, line)) {
        if (line.rfind(prefix, 0) == 0) {
            return std::atoll(line.c_str() + prefix.size());
        }
    }
    return -1;
}

double cpu_now() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

double wall_now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
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
            Listing{p.code, "A1PA6795UKMFR9", i % 20 == 0 ? "AMAZON_EU" : "DEFAULT", "", ""});
        in.products.push_back(std::move(p));
    }
    return in;
}

// The last-sent states of a previous pass: every listing's values were acknowledged, every
// other one with a different quantity (so half are sent, half unchanged).
SentStates make_sent(const StockInput& input) {
    std::vector<SentStates::Entry> sent;
    auto computed = compute_stock(input, Detail::quantities);
    std::size_t i = 0;
    for (const ListingResult& r : computed->listings) {
        if (!r.quantity) {
            continue;
        }
        StoredSent stored;
        stored.state.has_confirmed = true;
        stored.state.confirmed = ListingValues{r.channel_code, r.quantity, r.lead_time_days, {}};
        if (i++ % 2 == 0) {
            stored.state.confirmed.quantity = *r.quantity + 1;
        }
        stored.state.version = 3;
        stored.state.computed_at_ms = 1000;
        stored.host_version = 7;
        sent.push_back({ListingKey{r.marketplace_id, r.sku}, std::move(stored)});
    }
    return SentStates(std::move(sent));
}

// A: the floor.
[[gnu::noinline]] int64_t hash_and_sum(const StockInput& input) {
    std::unordered_map<std::string_view, int64_t> free;
    free.reserve(input.products.size());
    const auto& mapped = input.settings.warehouses;
    for (const StockLevel& level : input.levels) {
        if (std::find(mapped.begin(), mapped.end(), level.warehouse) != mapped.end()) {
            free[level.product] += std::max<int64_t>(0, level.on_hand - level.allocated);
        }
    }
    int64_t total = 0;
    for (const Listing& listing : input.listings) {
        if (auto it = free.find(listing.sku); it != free.end()) {
            total += it->second;
        }
    }
    return total;
}

struct PlannedSend { // as plugin/src/stock/listing_feeds.hpp
    const ListingResult* listing = nullptr;
    const SentState* previous = nullptr;
    Computation computation;
    int64_t now_ms = 0;
    DeltaPlan plan;
    SendTransport transport = SendTransport::patch;
    int64_t expected_version = 0;
};

// What ListingFeeds::persist_pending builds for each planned send, one at a time, before writing
// it to host state (the write is excluded).
int64_t persist_pending(const std::vector<PlannedSend>& to_send) {
    int64_t versions = 0;
    for (const PlannedSend& p : to_send) {
        auto next = next_state(p.previous, p.computation, DeltaOptions{p.now_ms}, p.plan);
        next->pending_transport = p.transport;
        versions += static_cast<int64_t>(next->version);
    }
    return versions;
}

// B: compute + the delta of StockExport::plan_listing (stock on, prices off; no host I/O).
[[gnu::noinline]] int64_t compute_and_delta(const StockInput& input, const SentStates& sent) {
    auto computed = compute_stock(input, Detail::quantities);
    if (!computed.ok()) {
        std::fprintf(stderr, "compute failed: %s\n", computed.error().message.c_str());
        std::exit(1);
    }
    const PairKeyIndex<SentStates> index(sent); // as StockExport::push
    const auto& listings = computed->listings;
    std::vector<PlannedSend> to_send;        // PlannedSends in listing_feeds.hpp
    reserve_large(to_send, listings.size()); // as StockExport::plan_delta
    int64_t unchanged = 0;
    int64_t versions = 0;
    LookaheadHashes hashes(index, listings.size(), [&](std::size_t j) {
        return PairKeyIndex<SentStates>::hash(listings[j].marketplace_id, listings[j].sku);
    });
    for (std::size_t i = 0; i < listings.size(); ++i) {
        const ListingResult& r = listings[i];
        const uint64_t key_hash = hashes.next(i);
        if (r.action != ListingAction::send_quantity && r.action != ListingAction::switch_to_afn) {
            continue; // FBA (no price to send here), skipped, unknown, error
        }
        Computation computation{ListingValues{r.channel_code, r.quantity, r.lead_time_days, {}},
                                2000, 9};
        const SentState* previous = nullptr;
        int64_t expected = -1;
        if (const StoredSent* stored = index.find(key_hash, r.marketplace_id, r.sku);
            stored != nullptr) {
            previous = &stored->state;
            expected = stored->host_version;
        }
        const DeltaOptions options{2000};
        const DeltaPlan plan = decide_delta(previous, computation, options);
        if (plan.action == DeltaAction::send) {
            to_send.push_back(
                {&r, previous, computation, options.now_ms, plan, SendTransport::patch, expected});
        } else {
            const ListingKey key{r.marketplace_id, r.sku}; // as StockExport::plan_delta
            versions += key.second.empty() ? 1 : 0;        // keeps the key built
            // The plugin writes this to host state under `key` here.
            const auto next = next_state(previous, computation, options, plan);
            versions += next ? static_cast<int64_t>(next->version) : 0;
            ++unchanged;
        }
    }
    versions += persist_pending(to_send);
    g_sink = versions;
    return static_cast<int64_t>(to_send.size()) * 1'000'000 + unchanged;
}

struct RunFigures {
    double cpu_ms = 0;
    double wall_ms = 0;
    double rss_growth_mb = 0;
    int64_t check = 0;
};

template <class Work>
RunFigures run_forked(Work work) {
    int fds[2];
    if (pipe(fds) != 0) {
        std::perror("pipe");
        std::exit(1);
    }
    const pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        malloc_trim(0); // the input's free heap goes back to the system: not counted as growth
        {
            std::ofstream clear("/proc/self/clear_refs");
            clear << "5"; // resets VmHWM to the current RSS
        }
        RunFigures f;
        const int64_t rss_before = status_kb("VmRSS");
        const double cpu = cpu_now();
        const double wall = wall_now();
        f.check = work();
        f.cpu_ms = (cpu_now() - cpu) * 1000;
        f.wall_ms = (wall_now() - wall) * 1000;
        f.rss_growth_mb = static_cast<double>(status_kb("VmHWM") - rss_before) / 1024.0;
        const bool written = write(fds[1], &f, sizeof f) == static_cast<ssize_t>(sizeof f);
        _exit(written ? 0 : 1);
    }
    close(fds[1]);
    RunFigures f;
    const bool read_all = read(fds[0], &f, sizeof f) == static_cast<ssize_t>(sizeof f);
    close(fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    if (!read_all || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "a measured run failed\n");
        std::exit(1);
    }
    return f;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void print_figure(const char* name, double value, const char* unit, double baseline) {
    std::printf("%s: %.1f %s (%.2fx vs hash_and_sum)\n", name, value, unit,
                baseline > 0 ? value / baseline : 0.0);
}

void feed_context() {
    std::vector<ListingUpdate> updates;
    updates.reserve(25'000);
    for (int i = 0; i < 25'000; ++i) {
        ListingUpdate u;
        u.sku = "SKU-" + std::to_string(i);
        u.marketplace_id = "A1PA6795UKMFR9";
        u.send_availability = true;
        u.send_price = true;
        u.values = ListingValues{"DEFAULT", i % 100, 2, PriceValue{"EUR", "19.99"}};
        updates.push_back(std::move(u));
    }
    const double start = wall_now();
    auto feeds = build_listings_feeds(FeedHeader{"A2SELLER", "en_US"}, updates);
    const double seconds = wall_now() - start;
    std::size_t bytes = 0;
    for (const ListingsFeed& f : feeds.ok() ? *feeds : std::vector<ListingsFeed>{}) {
        bytes += f.document.size();
    }
    std::printf("# listings feed (stock + price): 25000 messages, %zu bytes, %.1f ms wall\n", bytes,
                seconds * 1000);
}

int option(int argc, char** argv, std::string_view name, int fallback) {
    for (int i = 1; i + 1 < argc; ++i) {
        if (argv[i] == name) {
            return std::max(1, std::atoi(argv[i + 1]));
        }
    }
    return fallback;
}

} // namespace

int main(int argc, char** argv) {
    const int products = option(argc, argv, "--products", k_products);
    const int rounds = option(argc, argv, "--rounds", k_rounds);
    const int assemblies = products / 10;
    const StockInput input = make_catalogue(products, assemblies);
    const SentStates sent = make_sent(input);
    std::printf("# input: %d SKUs, %zu stock levels (5 warehouses), %d assemblies (share_split), "
                "%zu last-sent states; RSS with the input %.1f MB\n",
                products, input.levels.size(), assemblies, sent.size(),
                static_cast<double>(status_kb("VmRSS")) / 1024.0);
    std::vector<double> a_cpu, a_wall, a_mem, b_cpu, b_wall, b_mem;
    int64_t check = -1;
    for (int round = 0; round < rounds; ++round) {
        const RunFigures a = run_forked([&] { return hash_and_sum(input); });
        const RunFigures b = run_forked([&] { return compute_and_delta(input, sent); });
        a_cpu.push_back(a.cpu_ms);
        a_wall.push_back(a.wall_ms);
        a_mem.push_back(a.rss_growth_mb);
        b_cpu.push_back(b.cpu_ms);
        b_wall.push_back(b.wall_ms);
        b_mem.push_back(b.rss_growth_mb);
        check = b.check;
    }
    std::printf("# %d rounds A B A B, medians; B planned %lld sends, %lld unchanged\n", rounds,
                static_cast<long long>(check / 1'000'000),
                static_cast<long long>(check % 1'000'000));
    const double base_cpu = median(a_cpu);
    const double base_wall = median(a_wall);
    const double base_mem = median(a_mem);
    print_figure("hash_and_sum_cpu", base_cpu, "ms", base_cpu);
    print_figure("stock_compute_delta_cpu", median(b_cpu), "ms", base_cpu);
    print_figure("stock_compute_delta_wall", median(b_wall), "ms", base_wall);
    print_figure("hash_and_sum_peak_above_input", base_mem, "MB", base_mem);
    print_figure("stock_compute_delta_peak_above_input", median(b_mem), "MB", base_mem);
    feed_context();
    return 0;
}
