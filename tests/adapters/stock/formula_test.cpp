// The stock formula, rule by rule.
#include "stock/bom_scope.hpp"
#include "stock_fixtures.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>

using namespace stock_test;

TEST_CASE("stock: on hand minus allocated never goes below zero per warehouse") {
    StockInput in;
    in.settings = default_settings();
    in.products = {product("P1")};
    in.levels = {level("P1", "MAIN", 5, 8), level("P1", "EAST", 10, 3)};
    in.listings = {fbm("P1")};
    // MAIN is −3, which must not eat into EAST's 7.
    CHECK(quantity_of(compute(in), "P1") == 7);
}

TEST_CASE("stock: a negative on-hand or allocation never adds units") {
    StockInput in;
    in.settings = default_settings();
    in.products = {product("P1")};
    in.levels = {level("P1", "MAIN", -4, 0), level("P1", "EAST", 6, -10)};
    in.listings = {fbm("P1")};
    CHECK(quantity_of(compute(in), "P1") == 6);
}

TEST_CASE("stock: only the mapped FBM warehouses are counted") {
    StockInput in;
    in.settings = default_settings();
    in.products = {product("P1")};
    in.levels = {level("P1", "MAIN", 4), level("P1", "FBA-VIRTUAL", 100), level("P1", "EAST", 2)};
    in.listings = {fbm("P1")};
    CHECK(quantity_of(compute(in), "P1") == 6);
}

TEST_CASE("stock: the buffer is subtracted and the result never goes below zero") {
    StockInput in;
    in.settings = default_settings();
    in.settings.buffer = 3;
    in.products = {product("P1"), product("P2")};
    in.levels = {level("P1", "MAIN", 10), level("P2", "MAIN", 2)};
    in.listings = {fbm("P1"), fbm("P2")};
    auto c = compute(in);
    CHECK(quantity_of(c, "P1") == 7);
    CHECK(quantity_of(c, "P2") == 0);
    CHECK(listing_for(c, "P2").buffer_applied == 2);
}

TEST_CASE("stock: the maximum caps the quantity") {
    StockInput in;
    in.settings = default_settings();
    in.settings.maximum = 50;
    in.products = {product("P1"), product("P2")};
    in.levels = {level("P1", "MAIN", 80), level("P2", "MAIN", 20)};
    in.listings = {fbm("P1"), fbm("P2")};
    auto c = compute(in);
    CHECK(quantity_of(c, "P1") == 50);
    CHECK(listing_for(c, "P1").cap_cut == 30);
    CHECK(quantity_of(c, "P2") == 20);
}

TEST_CASE("stock: products with the skip attribute are left out") {
    StockInput in;
    in.settings = default_settings();
    Product skipped = product("P1");
    skipped.attributes["amazon_skip"] = "1";
    Product kept = product("P2");
    kept.attributes["amazon_skip"] = "0";
    in.products = {skipped, kept};
    in.levels = {level("P1", "MAIN", 5), level("P2", "MAIN", 5)};
    in.listings = {fbm("P1"), fbm("P2")};
    auto c = compute(in);
    CHECK(listing_for(c, "P1").action == ListingAction::skipped);
    CHECK_FALSE(listing_for(c, "P1").quantity.has_value());
    CHECK(quantity_of(c, "P2") == 5);
}

TEST_CASE("stock: products with sync disabled are left out") {
    StockInput in;
    in.settings = default_settings();
    Product p = product("P1");
    p.attributes["amazon_sync_disabled"] = "yes";
    in.products = {p};
    in.levels = {level("P1", "MAIN", 5)};
    in.listings = {fbm("P1")};
    auto c = compute(in);
    CHECK(listing_for(c, "P1").action == ListingAction::skipped);
    CHECK(listing_for(c, "P1").reason.find("amazon_sync_disabled") != std::string::npos);
}

TEST_CASE("stock: an unreadable skip flag is an error naming the attribute") {
    StockInput in;
    in.settings = default_settings();
    Product p = product("P1");
    p.attributes["amazon_skip"] = "maybe";
    in.products = {p};
    in.listings = {fbm("P1")};
    auto c = compute(in);
    CHECK(listing_for(c, "P1").action == ListingAction::error);
    CHECK(listing_for(c, "P1").reason.find("amazon_skip") != std::string::npos);
    CHECK(listing_for(c, "P1").reason.find("maybe") != std::string::npos);
}

TEST_CASE("stock: listings fulfilled by Amazon never get a quantity") {
    StockInput in;
    in.settings = default_settings();
    in.products = {product("P1")};
    in.levels = {level("P1", "MAIN", 9)};
    in.listings = {fba("P1", k_de), fbm("P1", k_fr)};
    auto c = compute(in);
    CHECK(listing_for(c, "P1", k_de).action == ListingAction::fulfilled_by_amazon);
    CHECK_FALSE(listing_for(c, "P1", k_de).quantity.has_value());
    CHECK(*listing_for(c, "P1", k_fr).quantity == 9);
}

TEST_CASE("stock: an FBA-only product claims no component stock") {
    StockInput in;
    in.settings = default_settings();
    in.settings.include_assemblies = true;
    in.settings.assembly_mode = AssemblyMode::share_split;
    in.products = {product("C"), assembly("KIT", {{"C", 1}})};
    in.levels = {level("C", "MAIN", 4)};
    in.listings = {fba("KIT"), fbm("C")};
    CHECK(quantity_of(compute(in), "C") == 4);
}

TEST_CASE("stock: handling time comes from the lead-time attribute or the 2-day default") {
    StockInput in;
    in.settings = default_settings();
    Product slow = product("P1");
    slow.attributes["lead_time"] = "7";
    in.products = {slow, product("P2")};
    in.listings = {fbm("P1"), fbm("P2")};
    auto c = compute(in);
    CHECK(listing_for(c, "P1").lead_time_days == 7);
    CHECK(listing_for(c, "P1").lead_time_from_attribute);
    CHECK(listing_for(c, "P2").lead_time_days == 2);
    CHECK_FALSE(listing_for(c, "P2").lead_time_from_attribute);
}

TEST_CASE("stock: a lead time outside whole days 0..30 is an error for that SKU") {
    for (const char* bad : {"31", "-1", "2.5", "two"}) {
        StockInput in;
        in.settings = default_settings();
        Product p = product("P1");
        p.attributes["lead_time"] = bad;
        in.products = {p, product("P2")};
        in.listings = {fbm("P1"), fbm("P2")};
        auto c = compute(in);
        CAPTURE(bad);
        CHECK(listing_for(c, "P1").action == ListingAction::error);
        CHECK(listing_for(c, "P1").reason.find("0 to 30") != std::string::npos);
        CHECK(listing_for(c, "P2").action == ListingAction::send_quantity);
    }
}

TEST_CASE("stock: SwitchFulfillmentTo AFN sends the Amazon channel and no quantity") {
    StockInput in;
    in.settings = default_settings();
    Product p = product("P1");
    p.attributes["SwitchFulfillmentTo"] = "AFN";
    in.products = {p};
    in.levels = {level("P1", "MAIN", 9)};
    in.listings = {fbm("P1", k_de), fbm("P1", k_us)};
    auto c = compute(in);
    CHECK(listing_for(c, "P1", k_de).action == ListingAction::switch_to_afn);
    CHECK(listing_for(c, "P1", k_de).channel_code == "AMAZON_EU");
    CHECK(listing_for(c, "P1", k_us).channel_code == "AMAZON_NA");
    CHECK_FALSE(listing_for(c, "P1", k_de).quantity.has_value());
}

TEST_CASE("stock: SwitchFulfillmentTo MFN sends a merchant quantity to an FBA listing") {
    StockInput in;
    in.settings = default_settings();
    Product p = product("P1");
    p.attributes["SwitchFulfillmentTo"] = "mfn";
    in.products = {p};
    in.levels = {level("P1", "MAIN", 9)};
    in.listings = {fba("P1")};
    auto c = compute(in);
    CHECK(listing_for(c, "P1").action == ListingAction::send_quantity);
    CHECK(listing_for(c, "P1").channel_code == "DEFAULT");
    CHECK(quantity_of(c, "P1") == 9);
}

TEST_CASE("stock: the Seller SKU comes from the SKU attribute, else the product code") {
    StockInput in;
    in.settings = default_settings();
    Product mapped = product("P1");
    mapped.attributes["amazon_sku"] = "AMZ-1";
    in.products = {mapped, product("P2")};
    in.levels = {level("P1", "MAIN", 3), level("P2", "MAIN", 4)};
    in.listings = {fbm("AMZ-1"), fbm("P2"), fbm("P1")};
    auto c = compute(in);
    CHECK(quantity_of(c, "AMZ-1") == 3);
    CHECK(quantity_of(c, "P2") == 4);
    CHECK(listing_for(c, "P1").action == ListingAction::unknown_sku);
}

TEST_CASE("stock: two products with one SKU are an error, not a guess") {
    StockInput in;
    in.settings = default_settings();
    Product a = product("P1");
    a.attributes["amazon_sku"] = "SAME";
    Product b = product("P2");
    b.attributes["amazon_sku"] = "SAME";
    in.products = {a, b};
    in.listings = {fbm("SAME")};
    CHECK(listing_for(compute(in), "SAME").action == ListingAction::error);
}

TEST_CASE("stock: assemblies add what can be built from components in the same warehouses") {
    StockInput in;
    in.settings = default_settings();
    in.settings.include_assemblies = true;
    in.settings.assembly_mode = AssemblyMode::share_split;
    in.products = {product("A"), product("B"), assembly("KIT", {{"A", 2}, {"B", 1}})};
    in.levels = {level("KIT", "MAIN", 1), level("A", "MAIN", 7), level("A", "FAR", 100),
                 level("B", "EAST", 5)};
    in.listings = {fbm("KIT")};
    // A: 7 counted -> 3 kits; B: 5 -> 5 kits; so 3 built + 1 on hand.
    CHECK(quantity_of(compute(in), "KIT") == 4);
}

TEST_CASE("stock: assemblies are not built when include_assemblies is off") {
    StockInput in;
    in.settings = default_settings();
    in.products = {product("A"), assembly("KIT", {{"A", 1}})};
    in.levels = {level("KIT", "MAIN", 1), level("A", "MAIN", 7)};
    in.listings = {fbm("KIT"), fbm("A")};
    auto c = compute(in);
    CHECK(quantity_of(c, "KIT") == 1);
    CHECK(quantity_of(c, "A") == 7);
}

TEST_CASE("stock: multi-level BOMs build sub-assemblies from their own components") {
    StockInput in;
    in.settings = default_settings();
    in.settings.include_assemblies = true;
    in.settings.assembly_mode = AssemblyMode::share_split;
    in.products = {product("SCREW"), product("PLATE"),
                   assembly("FRAME", {{"SCREW", 4}, {"PLATE", 1}}),
                   assembly("SHELF", {{"FRAME", 2}, {"PLATE", 1}})};
    in.levels = {level("SCREW", "MAIN", 17), level("PLATE", "MAIN", 6), level("FRAME", "MAIN", 1)};
    in.listings = {fbm("SHELF")};
    // Every unit goes to SHELF: PLATE 6 is split FRAME/SHELF by rounds capped by what each can
    // use; FRAME can build 4 from 16 screws; SHELF needs 2 frames + 1 plate each.
    auto c = compute(in);
    const int64_t shelves = quantity_of(c, "SHELF");
    CHECK(shelves == 2);
    // Whatever the split, the promise must be coverable: 2 shelves need 4 frames (1 on hand +
    // 3 built: 12 screws, 3 plates) and 2 plates: 5 plates <= 6, 12 screws <= 17.
    CHECK(c.products.at("FRAME").buildable >= 3);
}

TEST_CASE("stock: share_split: a component shared by two assemblies is not counted twice") {
    StockInput in;
    in.settings = default_settings();
    in.settings.include_assemblies = true;
    in.settings.assembly_mode = AssemblyMode::share_split;
    in.products = {product("C"), assembly("KIT1", {{"C", 1}}), assembly("KIT2", {{"C", 1}})};
    in.levels = {level("C", "MAIN", 10)};
    in.listings = {fbm("KIT1"), fbm("KIT2")};
    auto c = compute(in);
    const int64_t k1 = quantity_of(c, "KIT1");
    const int64_t k2 = quantity_of(c, "KIT2");
    CHECK(k1 + k2 == 10); // not 20: each unit promised once
    CHECK(k1 == 5);
}

TEST_CASE(
    "stock: share_split: a component sold directly and in a kit splits its units between them") {
    StockInput in;
    in.settings = default_settings();
    in.settings.include_assemblies = true;
    in.settings.assembly_mode = AssemblyMode::share_split;
    in.products = {product("C"), assembly("PAIR", {{"C", 2}})};
    in.levels = {level("C", "MAIN", 10)};
    in.listings = {fbm("C"), fbm("PAIR")};
    auto c = compute(in);
    const int64_t single = quantity_of(c, "C");
    const int64_t pairs = quantity_of(c, "PAIR");
    CHECK(single + 2 * pairs <= 10);
    CHECK(single == 4);
    CHECK(pairs == 3);
}

TEST_CASE("stock: share_split: a kit limited by another component does not park the shared units") {
    StockInput in;
    in.settings = default_settings();
    in.settings.include_assemblies = true;
    in.settings.assembly_mode = AssemblyMode::share_split;
    in.products = {product("C"), product("RARE"), assembly("KIT", {{"C", 1}, {"RARE", 1}})};
    in.levels = {level("C", "MAIN", 10), level("RARE", "MAIN", 1)};
    in.listings = {fbm("C"), fbm("KIT")};
    auto c = compute(in);
    CHECK(quantity_of(c, "KIT") == 1);
    CHECK(quantity_of(c, "C") == 9);
}

TEST_CASE("stock: a BOM cycle is an error for the SKUs on it, not a crash") {
    StockInput in;
    in.settings = default_settings();
    in.settings.include_assemblies = true;
    in.settings.assembly_mode = AssemblyMode::share_split;
    in.products = {assembly("A", {{"B", 1}}), assembly("B", {{"A", 1}}),
                   assembly("TOP", {{"A", 1}}), product("FINE")};
    in.levels = {level("A", "MAIN", 3), level("B", "MAIN", 3), level("FINE", "MAIN", 2)};
    in.listings = {fbm("A"), fbm("TOP"), fbm("FINE")};
    auto c = compute(in);
    CHECK(listing_for(c, "A").action == ListingAction::error);
    CHECK(listing_for(c, "A").reason.find("cycle") != std::string::npos);
    CHECK(listing_for(c, "TOP").action == ListingAction::error);
    CHECK(listing_for(c, "TOP").reason.find("cycle") != std::string::npos);
    CHECK(quantity_of(c, "FINE") == 2);
}

TEST_CASE("stock: a BOM line with a non-positive quantity is an error for that assembly") {
    StockInput in;
    in.settings = default_settings();
    in.settings.include_assemblies = true;
    in.settings.assembly_mode = AssemblyMode::share_split;
    in.products = {product("C"), assembly("KIT", {{"C", 0}})};
    in.levels = {level("C", "MAIN", 3)};
    in.listings = {fbm("KIT"), fbm("C")};
    auto c = compute(in);
    CHECK(listing_for(c, "KIT").action == ListingAction::error);
    CHECK(quantity_of(c, "C") == 3);
}

TEST_CASE("stock: invalid settings are rejected with what to do") {
    StockInput in;
    in.settings = default_settings();
    in.settings.buffer = -1;
    auto result = compute_stock(in);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find("buffer") != std::string::npos);
}

namespace {

// Independent check of "never oversell": fill every quantity shown at once, assemblies using their
// own stock first and building the rest; no leaf product may be asked for more than it has.
void check_coverable(const StockInput& in, const StockComputation& c) {
    std::map<std::string, const Product*> products;
    for (const Product& p : in.products) {
        products[p.code] = &p;
    }
    std::map<std::string, int64_t> free;
    std::set<std::string> mapped(in.settings.warehouses.begin(), in.settings.warehouses.end());
    for (const StockLevel& l : in.levels) {
        if (mapped.count(l.warehouse) != 0) {
            free[l.product] += std::max<int64_t>(0, l.on_hand - std::max<int64_t>(0, l.allocated));
        }
    }
    std::map<std::string, int64_t> shown;
    for (const ListingResult& r : c.listings) {
        if (r.quantity) {
            // one SKU's quantity is one pool whatever the number of marketplaces
            shown[r.product_code] = *r.quantity;
        }
    }
    std::map<std::string, int64_t> memo;
    std::function<int64_t(const std::string&)> demand = [&](const std::string& code) -> int64_t {
        if (auto it = memo.find(code); it != memo.end()) {
            return it->second;
        }
        int64_t total = shown.count(code) != 0 ? shown[code] : 0;
        for (const Product& parent : in.products) {
            if (!parent.is_assembly) {
                continue;
            }
            for (const BomLine& line : parent.bom) {
                if (line.component == code) {
                    total += line.quantity *
                             std::max<int64_t>(0, demand(parent.code) - free[parent.code]);
                }
            }
        }
        memo[code] = total;
        return total;
    };
    for (const Product& p : in.products) {
        if (!p.is_assembly || p.bom.empty()) {
            CAPTURE(p.code);
            CHECK(demand(p.code) <= free[p.code]);
        }
    }
}

} // namespace

TEST_CASE(
    "stock: share_split: randomised BOM catalogues never need more component units than exist") {
    for (unsigned seed = 1; seed <= 300; ++seed) {
        std::mt19937 rng(seed);
        auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
        StockInput in;
        in.settings = default_settings();
        in.settings.include_assemblies = true;
        in.settings.assembly_mode = AssemblyMode::share_split;
        in.settings.buffer = pick(0, 2);
        const int n = pick(2, 14);
        for (int i = 0; i < n; ++i) {
            const std::string code = "P" + std::to_string(i);
            if (i >= 2 && pick(0, 1) == 1) {
                std::vector<BomLine> bom;
                const int lines = pick(1, 3);
                for (int k = 0; k < lines; ++k) {
                    bom.push_back({"P" + std::to_string(pick(0, i - 1)), pick(1, 4)});
                }
                in.products.push_back(assembly(code, bom));
            } else {
                in.products.push_back(product(code));
            }
            for (const char* wh : {"MAIN", "EAST", "FAR"}) {
                if (pick(0, 2) != 0) {
                    in.levels.push_back(level(code, wh, pick(-3, 30), pick(0, 8)));
                }
            }
            if (pick(0, 3) != 0) {
                in.listings.push_back(fbm(code));
            }
        }
        CAPTURE(seed);
        auto c = compute(in);
        check_coverable(in, c);
    }
}

TEST_CASE("stock: a real-time computation over the BOM-connected products matches the full one") {
    for (unsigned seed = 1; seed <= 60; ++seed) {
        std::mt19937 rng(seed);
        auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
        StockInput full;
        full.settings = default_settings();
        full.settings.include_assemblies = true;
        full.settings.assembly_mode = AssemblyMode::share_split;
        for (int i = 0; i < 30; ++i) {
            const std::string code = "P" + std::to_string(i);
            if (i >= 3 && pick(0, 2) == 0) {
                full.products.push_back(
                    assembly(code, {{"P" + std::to_string(pick(0, i - 1)), pick(1, 3)}}));
            } else {
                full.products.push_back(product(code));
            }
            full.levels.push_back(level(code, "MAIN", pick(0, 20)));
            full.listings.push_back(fbm(code));
        }
        const std::string changed = "P" + std::to_string(pick(0, 29));
        const std::vector<std::string> scope =
            bom_connected_products(full.products, std::vector{changed}, true);
        StockInput part;
        part.settings = full.settings;
        auto in_scope = [&](const std::string& code) {
            return std::binary_search(scope.begin(), scope.end(), code);
        };
        for (const Product& p : full.products) {
            if (in_scope(p.code)) {
                part.products.push_back(p);
            }
        }
        for (const StockLevel& l : full.levels) {
            if (in_scope(l.product)) {
                part.levels.push_back(l);
            }
        }
        for (const Listing& l : full.listings) {
            if (in_scope(l.sku)) {
                part.listings.push_back(l);
            }
        }
        auto whole = compute(full);
        auto partial = compute(part);
        CAPTURE(seed);
        for (const std::string& code : scope) {
            CHECK(quantity_of(partial, code) == quantity_of(whole, code));
        }
    }
}

TEST_CASE("stock: without assemblies a product's scope is itself") {
    std::vector<Product> products = {product("C"), assembly("KIT", {{"C", 1}})};
    CHECK(bom_connected_products(products, std::vector<std::string>{"C"}, false) ==
          std::vector<std::string>{"C"});
    CHECK(bom_connected_products(products, std::vector<std::string>{"C"}, true) ==
          std::vector<std::string>{"C", "KIT"});
}

TEST_CASE("stock: every marketplace listing of one SKU gets the same quantity") {
    StockInput in;
    in.settings = default_settings();
    in.products = {product("P1")};
    in.levels = {level("P1", "MAIN", 8)};
    in.listings = {fbm("P1", k_de), fbm("P1", k_fr), fbm("P1", k_us)};
    auto c = compute(in);
    CHECK(*listing_for(c, "P1", k_de).quantity == 8);
    CHECK(*listing_for(c, "P1", k_fr).quantity == 8);
    CHECK(*listing_for(c, "P1", k_us).quantity == 8);
}
