// The export's fast path (Detail::quantities: no breakdown) against explain's (Detail::breakdown):
// the same listing results over random bills of materials, and the index the export finds the
// last-sent states through.
#include "stock/explain.hpp"
#include "stock/flat_index.hpp"
#include "stock/large_vector.hpp"
#include "stock_fixtures.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <random>

using namespace stock_test;

namespace {

// Random catalogues with the awkward cases too: unknown components (some with stock), repeated
// BOM lines, cycles, a non-positive BOM quantity, duplicate codes and SKUs, levels out of order,
// SKUs in an attribute, more mapped warehouses than the formula compares one by one.
StockInput random_store(std::mt19937& rng, bool assemblies, AssemblyMode mode) {
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    StockInput in;
    in.settings = default_settings();
    in.settings.include_assemblies = assemblies;
    in.settings.assembly_mode = mode;
    if (pick(0, 1) == 0) {
        in.settings.auto_assemble_attribute = "auto_assemble";
    }
    if (pick(0, 2) == 0) {
        in.settings.sku_field = amzconn::orders::KeyField::named("code");
    }
    if (pick(0, 3) == 0) {
        for (int w = 0; w < 10; ++w) {
            in.settings.warehouses.push_back("W" + std::to_string(w));
        }
    }
    in.settings.buffer = pick(0, 2);
    if (pick(0, 2) == 0) {
        in.settings.maximum = pick(0, 20);
    }
    const int count = pick(5, 40);
    auto code_of = [](int i) { return "P" + std::to_string(i); };
    for (int i = 0; i < count; ++i) {
        Product p = product(pick(0, 30) == 0 && i > 0 ? code_of(i - 1) : code_of(i));
        if (pick(0, 2) > 0) {
            std::vector<BomLine> bom;
            for (int lines = pick(1, 4); lines > 0; --lines) {
                // Mostly earlier products; sometimes a later one (cycles), or none at all.
                const int component = pick(0, 12) == 0 ? pick(0, count + 3) : pick(0, i);
                bom.push_back({code_of(component), pick(0, 40) == 0 ? 0 : pick(1, 4)});
            }
            p = assembly(p.code, bom);
            if (pick(0, 3) > 0) {
                p.attributes["auto_assemble"] = pick(0, 3) > 0 ? "yes" : "no";
            }
        }
        if (pick(0, 4) > 0) {
            p.attributes["amazon_sku"] = pick(0, 20) == 0 ? "SHARED" : "S-" + p.code;
        }
        if (pick(0, 5) == 0) {
            p.attributes["lead_time"] = std::to_string(pick(0, 5));
        }
        in.products.push_back(p);
        const int listings = pick(0, 2);
        for (int l = 0; l < listings; ++l) {
            const std::string sku =
                p.attributes.contains("amazon_sku") &&
                        in.settings.sku_field.kind != amzconn::orders::KeyField::Kind::code
                    ? p.attributes.at("amazon_sku")
                    : p.code;
            in.listings.push_back(pick(0, 4) == 0 ? fba(sku, l == 0 ? k_de : k_fr)
                                                  : fbm(sku, l == 0 ? k_de : k_fr));
        }
    }
    for (int i = 0; i < count + 4; ++i) { // + 4: stock of codes no product has
        for (const char* warehouse : {"MAIN", "EAST", "FAR", "W7"}) {
            if (pick(0, 2) > 0) {
                in.levels.push_back(level(code_of(i), warehouse, pick(-3, 30), pick(-1, 6)));
            }
        }
    }
    std::shuffle(in.levels.begin(), in.levels.end(), rng);
    return in;
}

void check_same(const ListingResult& fast, const ListingResult& full) {
    CHECK(fast.sku == full.sku);
    CHECK(fast.marketplace_id == full.marketplace_id);
    CHECK(fast.product_code == full.product_code);
    CHECK(fast.action == full.action);
    CHECK(fast.channel_code == full.channel_code);
    CHECK(fast.quantity == full.quantity);
    CHECK(fast.lead_time_days == full.lead_time_days);
    CHECK(fast.lead_time_from_attribute == full.lead_time_from_attribute);
    CHECK(fast.own_share == full.own_share);
    CHECK(fast.buffer_applied == full.buffer_applied);
    CHECK(fast.cap_cut == full.cap_cut);
    CHECK(fast.reason == full.reason);
}

} // namespace

TEST_CASE("stock: the export's quantities without a breakdown equal explain's, over random bills "
          "of materials in both assembly modes") {
    std::mt19937 rng(20261204);
    int sent = 0;
    int explained = 0;
    for (int round = 0; round < 600; ++round) {
        const bool assemblies = round % 3 != 0;
        const AssemblyMode mode =
            round % 2 == 0 ? AssemblyMode::share_split : AssemblyMode::can_assemble;
        const StockInput in = random_store(rng, assemblies, mode);
        CAPTURE(round);
        auto fast = compute_stock(in, Detail::quantities);
        auto full = compute_stock(in, Detail::breakdown);
        REQUIRE(fast.ok());
        REQUIRE(full.ok());
        CHECK(fast->products.empty());
        CHECK(fast->sku_to_product.empty());
        REQUIRE(fast->listings.size() == full->listings.size());
        for (std::size_t i = 0; i < fast->listings.size(); ++i) {
            CAPTURE(i);
            check_same(fast->listings[i], full->listings[i]);
            const ListingResult& r = full->listings[i];
            sent += r.quantity ? 1 : 0;
            if (!r.quantity) {
                continue;
            }
            // explain accounts for every unit of the quantity sent.
            auto e = explain_sku(*full, r.sku);
            REQUIRE(e.ok());
            CHECK(accounted_total(*e) == *e->result);
            CHECK(e->free + e->buildable == e->own_share + e->reserved_total + e->unassigned);
            ++explained;
        }
    }
    CHECK(sent > 1000); // the random stores really send quantities
    CHECK(explained == sent);
}

TEST_CASE("stock: the last-sent index finds every (marketplace, SKU) of the states and nothing "
          "else") {
    std::vector<PairKeyVector<int>::Entry> entries;
    for (int i = 0; i < 5000; ++i) {
        entries.push_back({{i % 3 == 0 ? k_de : k_fr, "SKU-" + std::to_string(i)}, i});
    }
    const PairKeyVector<int> states(std::move(entries));
    const PairKeyIndex<PairKeyVector<int>> index(states);
    for (const auto& [key, value] : states) {
        const int* found = index.find(key.first, key.second);
        REQUIRE(found != nullptr);
        CHECK(*found == value);
    }
    CHECK(index.find(k_us, "SKU-1") == nullptr);
    CHECK(index.find(k_de, "SKU-1") == nullptr); // SKU-1 is listed in France only
    CHECK(index.find(k_fr, "SKU-1") != nullptr);
    CHECK(index.find(k_fr, "SKU-5000") == nullptr);
}

TEST_CASE("stock: explain refuses a computation made without the breakdown instead of saying the "
          "SKU is unknown") {
    StockInput in;
    in.settings = default_settings();
    in.products = {product("MUG")};
    in.levels = {level("MUG", "MAIN", 4)};
    in.listings = {fbm("MUG")};
    auto fast = compute_stock(in, Detail::quantities);
    REQUIRE(fast.ok());
    REQUIRE(fast->listings.at(0).quantity == 4);
    auto refused = explain_sku(*fast, "MUG");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status() == amzconn::Status::internal);
    CHECK(refused.error().message.find("Detail::breakdown") != std::string::npos);
    auto full = compute_stock(in, Detail::breakdown);
    REQUIRE(full.ok());
    auto explained = explain_sku(*full, "MUG");
    REQUIRE(explained.ok());
    CHECK(accounted_total(*explained) == 4);
}

TEST_CASE("stock: the index's inline text compare and hash agree with == for every length and "
          "every differing byte") {
    for (std::size_t length = 0; length <= 40; ++length) {
        std::string a;
        for (std::size_t i = 0; i < length; ++i) {
            a.push_back(static_cast<char>('A' + (i * 7) % 26));
        }
        const std::string same_text = a; // equal, stored elsewhere
        CAPTURE(length);
        CHECK(FlatIndex::same(a, same_text));
        CHECK(FlatIndex::hash(a) == FlatIndex::hash(same_text));
        CHECK_FALSE(FlatIndex::same(a, a + "x"));
        for (std::size_t i = 0; i < length; ++i) {
            std::string b = a;
            b[i] = static_cast<char>(b[i] + 1);
            CAPTURE(i);
            CHECK_FALSE(FlatIndex::same(a, b));
            CHECK(FlatIndex::hash(a) != FlatIndex::hash(b));
        }
    }
    // The pair hash depends on which text is the marketplace and which the SKU.
    CHECK(FlatIndex::hash("A1", "B2") != FlatIndex::hash("B2", "A1"));
}

TEST_CASE("stock: a stock level counts only in a mapped warehouse, also among codes that end "
          "alike") {
    StockInput in;
    in.settings = default_settings();
    in.settings.warehouses = {"MAIN1", "EAST1", "1"};
    in.products = {product("MUG")};
    in.levels = {level("MUG", "MAIN1", 4), level("MUG", "WEST1", 5), level("MUG", "1", 2),
                 level("MUG", "", 7),      level("MUG", "EAST", 3),  level("MUG", "EAST1", 1)};
    in.listings = {fbm("MUG")};
    CHECK(quantity_of(compute(in), "MUG") == 7); // MAIN1 + 1 + EAST1
    in.settings.warehouses = {"", "EAST"};       // an empty code matches only an empty code
    CHECK(quantity_of(compute(in), "MUG") == 10);
}

TEST_CASE("stock: the lookahead hands out each key's hash in turn, whatever the count") {
    const PairKeyVector<int> states({{{k_de, "A"}, 1}});
    const PairKeyIndex<PairKeyVector<int>> index(states);
    for (std::size_t count = 0; count <= 20; ++count) {
        std::vector<std::string> skus;
        for (std::size_t i = 0; i < count; ++i) {
            skus.push_back("SKU-" + std::to_string(i));
        }
        auto hash_of = [&](std::size_t j) { return FlatIndex::hash(k_de, skus[j]); };
        LookaheadHashes hashes(index, count, hash_of);
        for (std::size_t i = 0; i < count; ++i) {
            CAPTURE(count);
            CHECK(hashes.next(i) == hash_of(i));
        }
    }
}

TEST_CASE("stock: the last-sent states in a sorted vector are found by key, in key order, the "
          "first of equal keys kept, and the index finds them all") {
    using Sent = PairKeyVector<int>;
    // The index addresses the entries by position, without a pointer per entry.
    static_assert(std::ranges::contiguous_range<const Sent>);
    std::vector<Sent::Entry> entries;
    for (int i = 0; i < 3000; ++i) {
        entries.push_back(
            {{i % 3 == 0 ? k_de : k_fr, "SKU-" + std::to_string((i * 7919) % 3000)}, i});
    }
    entries.push_back({{k_fr, "SKU-1"}, -1}); // a second entry for a key: the first is kept
    const Sent sent(entries);
    std::map<Sent::Key, int> expected;
    for (const auto& [key, value] : entries) {
        expected.emplace(key, value);
    }
    REQUIRE(sent.size() == expected.size());
    auto it = expected.begin();
    for (const auto& [key, value] : sent) {
        CHECK(key == it->first);
        CHECK(value == it->second);
        ++it;
    }
    const PairKeyIndex<Sent> index(sent);
    for (const auto& [key, value] : expected) {
        REQUIRE(sent.find(key) != nullptr);
        CHECK(*sent.find(key) == value);
        REQUIRE(index.find(key.first, key.second) != nullptr);
        CHECK(*index.find(key.first, key.second) == value);
    }
    CHECK(sent.find({k_us, "SKU-1"}) == nullptr);
    CHECK(index.find(k_us, "SKU-1") == nullptr);
    CHECK(index.find(k_fr, "SKU-3000") == nullptr);
    Sent sorted(std::vector<Sent::Entry>(sent.begin(), sent.end())); // already in key order
    CHECK(sorted.size() == sent.size());
    CHECK(Sent().find({k_de, "A"}) == nullptr);
}

namespace {

// The VmFlags line of the mapping in /proc/self/smaps that holds `address` ("" when none does).
std::string vm_flags_at(const void* address) {
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        unsigned long long begin = 0;
        unsigned long long end = 0;
        if (std::sscanf(line.c_str(), "%llx-%llx ", &begin, &end) == 2 && line.find('-') < 17) {
            inside = at >= begin && at < end;
        } else if (inside && line.rfind("VmFlags:", 0) == 0) {
            return line;
        }
    }
    return "";
}

} // namespace

TEST_CASE("stock: a large transient array asks for huge pages and keeps what it holds") {
    std::vector<uint64_t> values{1, 2, 3};
    amzconn::stock::reserve_large(values, 4 * 1024 * 1024); // 32 MiB
    REQUIRE(values.capacity() >= 4 * 1024 * 1024);
    CHECK(values == std::vector<uint64_t>{1, 2, 3});
    std::vector<uint64_t> small;
    amzconn::stock::reserve_large(small, 1000);
    CHECK(small.capacity() >= 1000);
    CHECK(small.empty());
    // Where the kernel has transparent huge pages, the array's whole 2 MiB pages are marked
    // for them ("hg" in the mapping's flags).
    if (std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled").good()) {
        const auto* middle = values.data() + values.capacity() / 2;
        CHECK(vm_flags_at(middle).find(" hg") != std::string::npos);
    }
}
