// Benchmark: searchOrders pages of 100 orders fetched and parsed per second, and client CPU per
// page, against amzconn-sandbox with rate limits off; next to a raw Boost.JSON parse of the same
// bytes (printed as a ratio). Prints figures; asserts nothing.
#include "memory_host.hpp"
#include "spapi/orders_api.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#ifdef AMZCONN_HAVE_SANDBOX
#include "sandbox_process.hpp"
#endif

using namespace amzconn;
using namespace amzconn::spapi;

namespace {

double wall_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

double cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void usage() {
    std::puts("spapi_search_orders_bench [--orders N] [--walks W] [--url BASE_URL]\n"
              "  Starts amzconn-sandbox (limits off) with N generated orders (default 2000),\n"
              "  walks searchOrders W times (default 5) with pages of 100, and prints pages/s,\n"
              "  CPU ms per page, and the typed-parse / raw Boost.JSON parse ratio.\n"
              "  --url uses an already running sandbox instead.");
}

} // namespace

int main(int argc, char** argv) {
    int orders_n = 2000;
    int walks = 5;
    std::string url;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            usage();
            return 0;
        }
        if (i + 1 >= argc) {
            usage();
            return 2;
        }
        if (a == "--orders") {
            orders_n = std::atoi(argv[++i]);
        } else if (a == "--walks") {
            walks = std::atoi(argv[++i]);
        } else if (a == "--url") {
            url = argv[++i];
        } else {
            usage();
            return 2;
        }
    }
#ifdef AMZCONN_HAVE_SANDBOX
    std::unique_ptr<testing::SandboxProcess> sandbox;
    if (url.empty()) {
        auto started = testing::SandboxProcess::start(
            {"--rate-limits", "off", "--generate", std::to_string(orders_n), "--seed", "9"});
        if (!started.ok()) {
            std::fprintf(stderr, "cannot start amzconn-sandbox: %s\n",
                         started.error().message.c_str());
            return 1;
        }
        sandbox = std::move(started.value());
        url = sandbox->base_url();
    }
#endif
    if (url.empty()) {
        std::fputs("no sandbox: pass --url http://127.0.0.1:PORT\n", stderr);
        return 2;
    }
    testing::MemoryHost host;
    ClientShared shared;
    ClientOptions options;
    options.endpoint = url;
    options.lwa_token_url = url + "/auth/o2/token";
    StoreIdentity id;
    id.store_alias = "bench";
    id.app.client_id = "bench-client";
    id.app.client_secret = SecretString(std::string_view("bench-secret"));
    id.auth.seller_key = "A2SANDBOXSELLER";
    id.auth.refresh_token = SecretString(std::string_view("Atzr|bench"));
    SpApiClient client(options, shared, host, std::move(id));

    orders::SearchOrdersQuery q;
    q.last_updated_after = time::Timestamp{1'735'689'600'000};
    q.included_data = {"BUYER", "RECIPIENT", "PROCEEDS", "FULFILLMENT", "TAX"};
    q.max_results_per_page = 100;

    // 1. Fetch + typed parse, the way the order import uses it.
    int pages = 0;
    size_t orders_seen = 0;
    double w0 = wall_s();
    double c0 = cpu_s();
    for (int w = 0; w < walks; ++w) {
        auto r = orders::search_orders(client, q, [&](const orders::SearchOrdersPage& p) {
            orders_seen += p.orders.size();
            return true;
        });
        if (!r.ok()) {
            std::fprintf(stderr, "walk failed: %s\n", r.error().describe().c_str());
            return 1;
        }
        pages += r->pages;
    }
    double wall = wall_s() - w0;
    double cpu = cpu_s() - c0;

    // 2. The same pages as raw bytes.
    auto params = orders::search_orders_params(q).value();
    std::vector<std::string> bodies;
    std::optional<std::string> token;
    for (;;) {
        ApiCall call;
        call.operation = "searchOrders";
        call.path = "/orders/2026-01-01/orders";
        call.query = params;
        if (token) {
            call.query.emplace_back("paginationToken", *token);
        }
        auto res = client.send(call);
        if (!res.ok()) {
            std::fprintf(stderr, "fetch failed: %s\n", res.error().describe().c_str());
            return 1;
        }
        bodies.push_back(res->body);
        auto v = boost::json::parse(res->body);
        const auto* pg = v.as_object().if_contains("pagination");
        const auto* next = pg ? pg->as_object().if_contains("nextToken") : nullptr;
        if (next == nullptr || !next->is_string() || next->as_string().empty()) {
            break;
        }
        token = std::string(next->as_string());
    }
    size_t bytes = 0;
    for (const auto& b : bodies) {
        bytes += b.size();
    }
    constexpr int k_reps = 20;
    double r0 = cpu_s();
    size_t sink = 0;
    for (int rep = 0; rep < k_reps; ++rep) {
        for (const auto& b : bodies) {
            sink += boost::json::parse(b).as_object().size();
        }
    }
    double raw_cpu = (cpu_s() - r0) / (k_reps * static_cast<double>(bodies.size()));
    double t0 = cpu_s();
    for (int rep = 0; rep < k_reps; ++rep) {
        for (const auto& b : bodies) {
            sink += orders::parse_search_orders(b, "bench").value().orders.size();
        }
    }
    double typed_cpu = (cpu_s() - t0) / (k_reps * static_cast<double>(bodies.size()));

    std::printf("searchOrders benchmark (sandbox, limits off, %d orders, %d walks)\n", orders_n,
                walks);
    std::printf("  pages fetched+parsed      : %d (%zu orders)\n", pages, orders_seen);
    std::printf("  pages per second (wall)   : %.1f\n", pages / wall);
    std::printf("  client CPU per page       : %.3f ms\n", 1000.0 * cpu / pages);
    std::printf("  avg page size             : %.1f KiB\n",
                static_cast<double>(bytes) / 1024.0 / static_cast<double>(bodies.size()));
    std::printf("  raw Boost.JSON parse/page : %.3f ms\n", 1000.0 * raw_cpu);
    std::printf("  typed strict parse/page   : %.3f ms\n", 1000.0 * typed_cpu);
    std::printf("  typed / raw parse ratio   : %.2fx\n", typed_cpu / raw_cpu);
    std::printf("  (checksum %zu)\n", sink);
    return 0;
}
