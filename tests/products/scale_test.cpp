// Issue 19 §6 at scale: 50,000 Amazon listings imported into an empty host by one merchant
// listings report (createReport's quota is the binding usage plan), with the time, peak memory
// and SP-API calls printed (TIMING/MEMORY/CALLS lines) and bounded.
#include "rig.hpp"

#include <sys/resource.h>

using namespace amzconn;
using namespace amzconn::product_tests;

namespace {

constexpr int k_scale_listings = 50'000;

std::string sku_name(int i) {
    auto digits = std::to_string(i);
    return "P" + std::string(5 - digits.size(), '0') + digits;
}

} // namespace

TEST_CASE("products: 50,000 listings are imported by one report within the usage plans, and a "
          "second run changes nothing") {
    std::string listings;
    for (int i = 0; i < k_scale_listings; ++i) {
        listings += "  - {sku: " + sku_name(i) + ", asin: B0" + sku_name(i) +
                    "XX, marketplace_id: A1F83G8C2ARO7P, quantity: 1, title: Product " +
                    std::to_string(i) + "}\n";
    }
    Rig rig("", listings);
    const auto started = std::chrono::steady_clock::now();
    const auto first = rig.job("import_products");
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    MESSAGE("TIMING import_products of " << k_scale_listings << " listings: " << ms << " ms");
    MESSAGE("MEMORY peak RSS of the test process (host, plugin): " << usage.ru_maxrss / 1024
                                                                   << " MiB");
    MESSAGE("CALLS createReport " << rig.sandbox.calls("createReport") << ", getReport "
                                  << rig.sandbox.calls("getReport") << ", getReportDocument "
                                  << rig.sandbox.calls("getReportDocument") << ", all "
                                  << rig.sandbox.total_calls());
    CHECK(text_of(first.at("status")) == "ok");
    CHECK(count(first, "created") == k_scale_listings);
    CHECK(rig.products().size() == static_cast<size_t>(k_scale_listings));
    // One report per marketplace, UK and DE (createReport: 0.0167/s, burst 15), whatever the
    // listing count; DE has none (its report ends CANCELLED, no document). getReport polls (2/s)
    // depend on how fast the sandbox finishes, not on the listings.
    CHECK(rig.sandbox.calls("createReport") == 2);
    CHECK(rig.sandbox.calls("getReportDocument") == 1);
    CHECK(rig.sandbox.total_calls() <= 40);
    const auto second = rig.job("import_products");
    CHECK(count(second, "unchanged") == k_scale_listings);
    CHECK(count(second, "created") == 0);
}
