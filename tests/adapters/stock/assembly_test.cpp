// Assemblies: Unleashed's can_assemble rule (include_assembly), the share_split option, "can
// auto-assemble" per product, and explain's accounting of every unit in both modes.
#include "stock/explain.hpp"
#include "stock_fixtures.hpp"

#include <random>

using namespace stock_test;

namespace {

// The README's worked example: MUG 7 available, COASTER 6, GIFT-SET (1 mug + 2 coasters) 1.
StockInput gift_set_store(AssemblyMode mode) {
    StockInput in;
    in.settings = default_settings();
    in.settings.include_assemblies = true;
    in.settings.assembly_mode = mode;
    in.products = {product("MUG"), product("COASTER"),
                   assembly("GIFT-SET", {{"MUG", 1}, {"COASTER", 2}})};
    in.levels = {level("MUG", "MAIN", 10, 3), level("COASTER", "MAIN", 6),
                 level("GIFT-SET", "MAIN", 1)};
    in.listings = {fbm("MUG"), fbm("COASTER"), fbm("GIFT-SET")};
    return in;
}

// A random catalogue of 12 products, some assemblies of earlier ones (multi-level, shared
// components, repeated lines), some of them auto-assembling, with stock in counted and uncounted
// warehouses and listings of several kinds.
StockInput random_catalogue(std::mt19937& rng, AssemblyMode mode) {
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    StockInput in;
    in.settings = default_settings();
    in.settings.include_assemblies = true;
    in.settings.assembly_mode = mode;
    in.settings.auto_assemble_attribute = "auto_assemble";
    in.settings.buffer = pick(0, 2);
    if (pick(0, 2) == 0) {
        in.settings.maximum = pick(0, 15);
    }
    for (int i = 0; i < 12; ++i) {
        const std::string code = "P" + std::to_string(i);
        Product p = product(code);
        if (i >= 2 && pick(0, 2) > 0) {
            std::vector<BomLine> bom;
            for (int lines = pick(1, 3); lines > 0; --lines) {
                bom.push_back({"P" + std::to_string(pick(0, i - 1)), pick(1, 4)});
            }
            p = assembly(code, bom);
            p.attributes["auto_assemble"] = pick(0, 3) > 0 ? "true" : "false";
        }
        in.products.push_back(p);
        in.levels.push_back(level(code, pick(0, 3) > 0 ? "MAIN" : "FAR", pick(-3, 30), pick(0, 6)));
        if (pick(0, 3) > 0) {
            in.levels.push_back(level(code, "EAST", pick(0, 12)));
        }
        const int kind = pick(0, 5);
        if (kind <= 3) {
            in.listings.push_back(fbm(code));
        } else if (kind == 4) {
            in.listings.push_back(fba(code));
        }
    }
    return in;
}

int64_t used_by(const StockComputation& c, const std::string& component) {
    int64_t used = 0;
    for (const auto& [code, b] : c.products) {
        for (const ComponentTerm& term : b.components) {
            if (term.component == component) {
                used += b.buildable * term.per_unit;
            }
        }
    }
    return used;
}

// Every unit of every product is in exactly one place, and explain adds back up to the quantity.
void check_accounts(const StockComputation& c, AssemblyMode mode) {
    for (const auto& [code, b] : c.products) {
        CAPTURE(code);
        if (b.error) {
            continue;
        }
        CHECK(b.free + b.buildable == b.own_share + b.reserved_for_assemblies + b.unassigned);
        CHECK(b.unassigned >= 0);
        CHECK(b.own_share >= 0);
        int64_t listed = 0;
        for (const ConsumerShare& s : b.shares) {
            listed += s.units;
        }
        CHECK(listed == b.own_share + b.reserved_for_assemblies);
        if (mode == AssemblyMode::share_split) {
            // What assemblies take is exactly what their buildable quantity uses.
            CHECK(b.reserved_for_assemblies == used_by(c, code));
        } else {
            CHECK(b.reserved_for_assemblies == 0);
            for (const ComponentTerm& term : b.components) {
                const auto component = c.products.find(term.component);
                const int64_t free = component == c.products.end() ? 0 : component->second.free;
                CHECK(term.share == free);
                CHECK(term.builds == free / term.per_unit);
            }
        }
    }
    for (const ListingResult& r : c.listings) {
        if (r.action != ListingAction::send_quantity) {
            continue;
        }
        auto e = explain_sku(c, r.sku);
        REQUIRE(e.ok());
        REQUIRE(e->result.has_value());
        CAPTURE(r.sku);
        CHECK(accounted_total(*e) == *e->result);
        CHECK(e->free + e->buildable == e->own_share + e->reserved_total + e->unassigned);
    }
}

} // namespace

TEST_CASE("stock: include_assembly: a component shows its own available and an assembly adds "
          "what can be assembled from the components' available") {
    auto c = compute(gift_set_store(AssemblyMode::can_assemble));
    CHECK(quantity_of(c, "MUG") == 7);
    CHECK(quantity_of(c, "COASTER") == 6);
    CHECK(quantity_of(c, "GIFT-SET") == 1 + 3); // own 1 + min(7 / 1, 6 / 2)
    auto mug = explain_sku(c, "MUG");
    REQUIRE(mug.ok());
    REQUIRE(mug->counted_in.size() == 1);
    CHECK(mug->counted_in.front().consumer == "GIFT-SET");
    CHECK(mug->counted_in.front().units == 3);
    CHECK(render_text(*mug).find("also counted by assembly GIFT-SET") != std::string::npos);
}

TEST_CASE("stock: share_split: the worked example promises every unit once") {
    auto c = compute(gift_set_store(AssemblyMode::share_split));
    const int64_t mug = quantity_of(c, "MUG");
    const int64_t coaster = quantity_of(c, "COASTER");
    const int64_t gift = quantity_of(c, "GIFT-SET");
    CHECK(mug == 5);
    CHECK(coaster == 2);
    CHECK(gift == 1 + 2);
    CHECK(mug + (gift - 1) <= 7);         // mugs
    CHECK(coaster + 2 * (gift - 1) <= 6); // coasters
}

TEST_CASE("stock: can auto-assemble is read per product: an assembly whose attribute is false "
          "shows only its own available") {
    for (AssemblyMode mode : {AssemblyMode::can_assemble, AssemblyMode::share_split}) {
        StockInput in = gift_set_store(mode);
        in.settings.auto_assemble_attribute = "auto_assemble";
        in.products.push_back(assembly("BOX", {{"MUG", 1}}));
        in.products.back().attributes["auto_assemble"] = "yes";
        in.products[2].attributes["auto_assemble"] = "false"; // GIFT-SET
        in.listings.push_back(fbm("BOX"));
        auto c = compute(in);
        CHECK(quantity_of(c, "GIFT-SET") == 1);
        CHECK(quantity_of(c, "COASTER") == 6); // nothing else draws on it
        CHECK(quantity_of(c, "BOX") > 0);
    }
}

TEST_CASE("stock: an assembly without the auto-assemble attribute is not assembled when the "
          "attribute is configured") {
    StockInput in = gift_set_store(AssemblyMode::can_assemble);
    in.settings.auto_assemble_attribute = "auto_assemble";
    CHECK(quantity_of(compute(in), "GIFT-SET") == 1);
}

TEST_CASE("stock: an unreadable auto-assemble flag is an error for that assembly's listing") {
    StockInput in = gift_set_store(AssemblyMode::can_assemble);
    in.settings.auto_assemble_attribute = "auto_assemble";
    in.products[2].attributes["auto_assemble"] = "maybe";
    auto c = compute(in);
    const auto& gift = listing_for(c, "GIFT-SET");
    CHECK(gift.action == ListingAction::error);
    CHECK(gift.reason.find("auto_assemble") != std::string::npos);
    CHECK(quantity_of(c, "MUG") == 7);
}

TEST_CASE("stock: share_split: units an assembly cannot use go back to the component's listing") {
    StockInput in;
    in.settings = default_settings();
    in.settings.include_assemblies = true;
    in.settings.assembly_mode = AssemblyMode::share_split;
    // A's claim for KIT is capped by B's 3 units, but B is also sold directly and keeps 2 of
    // them: KIT builds 1, so 2 of the 3 A granted to it would otherwise be listed nowhere.
    in.products = {product("A"), product("B"), assembly("KIT", {{"A", 1}, {"B", 1}})};
    in.levels = {level("A", "MAIN", 10), level("B", "MAIN", 3)};
    in.listings = {fbm("A"), fbm("B"), fbm("KIT")};
    auto c = compute(in);
    CHECK(quantity_of(c, "KIT") == 1);
    CHECK(quantity_of(c, "B") == 2);
    CHECK(quantity_of(c, "A") == 9); // 10 - the 1 the kit uses: no unit listed nowhere
    CHECK(c.products.at("A").reserved_for_assemblies == 1);
    check_accounts(c, AssemblyMode::share_split);
}

TEST_CASE("stock: explain accounts for every unit over random bills of materials in both modes") {
    for (AssemblyMode mode : {AssemblyMode::can_assemble, AssemblyMode::share_split}) {
        for (unsigned seed = 1; seed <= 300; ++seed) {
            std::mt19937 rng(seed);
            CAPTURE(seed);
            CAPTURE(static_cast<int>(mode));
            check_accounts(compute(random_catalogue(rng, mode)), mode);
        }
    }
}
