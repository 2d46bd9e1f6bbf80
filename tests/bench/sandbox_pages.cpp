// Benchmark: how many searchOrders pages of 100 orders the sandbox serves per second with usage
// plans off (target >= 2,000 pages/s on 2 cores), so it is never a benchmark's bottleneck.
// Usage: amzconn_bench_sandbox_pages [--orders N] [--seconds S] [--threads T]
#include "sandbox_process.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <curl/curl.h>
#include <string>
#include <thread>
#include <vector>

namespace {

extern "C" size_t collect(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

std::string next_token(const std::string& body) {
    const std::string key = "\"nextToken\":\"";
    const auto at = body.find(key);
    if (at == std::string::npos) {
        return {};
    }
    const auto start = at + key.size();
    return body.substr(start, body.find('"', start) - start);
}

struct Figures {
    long pages = 0;
    long bytes = 0;
    long errors = 0;
};

Figures run(const std::string& base, const std::string& token, const std::string& included,
            int threads, double seconds) {
    std::atomic<long> pages{0};
    std::atomic<long> bytes{0};
    std::atomic<long> errors{0};
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&]() {
            CURL* curl = curl_easy_init();
            curl_slist* headers =
                curl_slist_append(nullptr, ("x-amz-access-token: " + token).c_str());
            std::string page_token;
            while (std::chrono::steady_clock::now() < deadline) {
                std::string url = base +
                                  "/orders/2026-01-01/orders?createdAfter=2025-11-01T00:00:00Z"
                                  "&maxResultsPerPage=100" +
                                  included;
                if (!page_token.empty()) {
                    char* e = curl_easy_escape(curl, page_token.c_str(), 0);
                    url += "&paginationToken=" + std::string(e);
                    curl_free(e);
                }
                std::string body;
                curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
                curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
                curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
                curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
                long status = 0;
                if (curl_easy_perform(curl) != CURLE_OK ||
                    (curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status), status != 200)) {
                    ++errors;
                    page_token.clear();
                    continue;
                }
                ++pages;
                bytes += static_cast<long>(body.size());
                page_token = next_token(body);
            }
            curl_slist_free_all(headers);
            curl_easy_cleanup(curl);
        });
    }
    for (auto& w : workers) {
        w.join();
    }
    return {pages.load(), bytes.load(), errors.load()};
}

// One full walk so the measured runs see the steady state (cached JSON per order and mask).
void warm(const std::string& base, const std::string& token, const std::string& included) {
    CURL* curl = curl_easy_init();
    curl_slist* headers = curl_slist_append(nullptr, ("x-amz-access-token: " + token).c_str());
    std::string page_token;
    do {
        std::string url = base +
                          "/orders/2026-01-01/orders?createdAfter=2025-11-01T00:00:00Z"
                          "&maxResultsPerPage=100" +
                          included;
        if (!page_token.empty()) {
            char* e = curl_easy_escape(curl, page_token.c_str(), 0);
            url += "&paginationToken=" + std::string(e);
            curl_free(e);
        }
        std::string body;
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
        if (curl_easy_perform(curl) != CURLE_OK) {
            break;
        }
        page_token = next_token(body);
    } while (!page_token.empty());
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
}

} // namespace

int main(int argc, char** argv) {
    long orders = 20000;
    double seconds = 3.0;
    int threads = 2;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--orders") == 0) {
            orders = std::atol(argv[i + 1]);
        } else if (std::strcmp(argv[i], "--seconds") == 0) {
            seconds = std::atof(argv[i + 1]);
        } else if (std::strcmp(argv[i], "--threads") == 0) {
            threads = std::atoi(argv[i + 1]);
        }
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    auto started = amzconn::testing::SandboxProcess::start(
        {"--clock", "virtual", "--rate-limits", "off", "--generate", std::to_string(orders)});
    if (!started) {
        std::fprintf(stderr, "cannot start the sandbox: %s\n", started.error().message.c_str());
        return 1;
    }
    auto sandbox = std::move(started).value();
    const std::string base = sandbox->base_url();
    CURL* curl = curl_easy_init();
    std::string body;
    const std::string form =
        "grant_type=refresh_token&refresh_token=Atzr%7Cbench&client_id=b&client_secret=b";
    curl_easy_setopt(curl, CURLOPT_URL, (base + "/auth/o2/token").c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    const std::string key = "\"access_token\":\"";
    const auto at = body.find(key) + key.size();
    const std::string token = body.substr(at, body.find('"', at) - at);

    std::printf(
        "sandbox pages benchmark: %ld generated orders, %d client threads, %.1f s per run\n",
        orders, threads, seconds);
    for (const auto& [label, included] : std::vector<std::pair<const char*, std::string>>{
             {"no includedData", ""},
             {"includedData=FULFILLMENT,PROCEEDS", "&includedData=FULFILLMENT,PROCEEDS"},
             {"includedData=all common sets", "&includedData=BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,"
                                              "PACKAGES,TAX,PROMOTION,CANCELLATION"}}) {
        warm(base, token, included); // every page once: the sandbox caches each order's JSON
        const auto f = run(base, token, included, threads, seconds);
        std::printf("  %-38s %8.0f pages/s  %8.1f MB/s  (%ld pages, %ld errors)\n", label,
                    static_cast<double>(f.pages) / seconds,
                    static_cast<double>(f.bytes) / seconds / 1e6, f.pages, f.errors);
    }
    sandbox->stop();
    curl_global_cleanup();
    return 0;
}
