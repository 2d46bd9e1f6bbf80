// explain_stock: every unit of a SKU's quantity is accounted for, term by term.
#include "stock/explain.hpp"
#include "stock_fixtures.hpp"

#include <boost/json/serialize.hpp>
#include <random>

using namespace stock_test;

namespace {

StockInput shared_component_store() {
    StockInput in;
    in.settings = default_settings();
    in.settings.include_assemblies = true;
    in.settings.assembly_mode = AssemblyMode::share_split;
    in.settings.buffer = 1;
    in.settings.maximum = 6;
    in.products = {product("C"), product("D"), assembly("KIT", {{"C", 2}, {"D", 1}})};
    in.levels = {level("C", "MAIN", 12, 2), level("C", "EAST", 3, 5), level("C", "FAR", 50),
                 level("D", "MAIN", 9), level("KIT", "EAST", 1)};
    in.listings = {fbm("C"), fbm("KIT")};
    return in;
}

} // namespace

TEST_CASE("stock: explain terms add back up to the quantity sent") {
    auto c = compute(shared_component_store());
    for (const char* sku : {"C", "KIT"}) {
        auto e = explain_sku(c, sku);
        REQUIRE(e.ok());
        REQUIRE(e->result.has_value());
        CAPTURE(sku);
        CHECK(accounted_total(*e) == *e->result);
        int64_t counted = 0;
        for (const WarehouseTerm& w : e->warehouses) {
            CHECK(w.free == std::max<int64_t>(0, w.on_hand - w.allocated));
            counted += w.counted ? w.free : 0;
        }
        CHECK(counted == e->free);
        CHECK(*e->result == quantity_of(c, sku));
    }
    auto component = explain_sku(c, "C");
    REQUIRE(component.ok());
    CHECK(component->free == 10);
    CHECK(component->reserved_total > 0);
    CHECK(component->warehouses.size() == 3);
    auto kit = explain_sku(c, "KIT");
    REQUIRE(kit.ok());
    CHECK(kit->components.size() == 2);
    CHECK(kit->buffer_applied == 1);
}

TEST_CASE("stock: explain accounts for every unit in randomised catalogues") {
    for (unsigned seed = 1; seed <= 100; ++seed) {
        std::mt19937 rng(seed);
        auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
        StockInput in;
        in.settings = default_settings();
        in.settings.include_assemblies = true;
        in.settings.assembly_mode = AssemblyMode::share_split;
        in.settings.buffer = pick(0, 3);
        if (pick(0, 1) == 1) {
            in.settings.maximum = pick(0, 20);
        }
        for (int i = 0; i < 10; ++i) {
            const std::string code = "P" + std::to_string(i);
            if (i >= 2 && pick(0, 1) == 1) {
                in.products.push_back(
                    assembly(code, {{"P" + std::to_string(pick(0, i - 1)), pick(1, 3)},
                                    {"P" + std::to_string(pick(0, i - 1)), pick(1, 3)}}));
            } else {
                in.products.push_back(product(code));
            }
            in.levels.push_back(
                level(code, pick(0, 1) == 1 ? "MAIN" : "FAR", pick(-5, 40), pick(0, 9)));
            in.listings.push_back(fbm(code));
        }
        auto c = compute(in);
        for (const ListingResult& r : c.listings) {
            auto e = explain_sku(c, r.sku);
            REQUIRE(e.ok());
            REQUIRE(e->result.has_value());
            CAPTURE(seed);
            CAPTURE(r.sku);
            CHECK(accounted_total(*e) == *e->result);
            CHECK(e->unassigned >= 0);
        }
    }
}

TEST_CASE("stock: explain says why an FBA or skipped listing gets nothing") {
    StockInput in;
    in.settings = default_settings();
    Product skipped = product("S");
    skipped.attributes["amazon_skip"] = "true";
    in.products = {product("F"), skipped};
    in.levels = {level("F", "MAIN", 4)};
    in.listings = {fba("F"), fbm("S")};
    auto c = compute(in);
    auto f = explain_sku(c, "F");
    REQUIRE(f.ok());
    CHECK_FALSE(f->result.has_value());
    CHECK(render_text(*f).find("fulfilled_by_amazon") != std::string::npos);
    auto s = explain_sku(c, "S");
    REQUIRE(s.ok());
    CHECK(render_text(*s).find("amazon_skip") != std::string::npos);
    CHECK(explain_sku(c, "NOPE").status() == amzconn::Status::not_found);
}

TEST_CASE("stock: explain renders every term as text and JSON") {
    auto c = compute(shared_component_store());
    auto e = explain_sku(c, "KIT");
    REQUIRE(e.ok());
    const std::string text = render_text(*e);
    CHECK(text.find("warehouse EAST") != std::string::npos);
    CHECK(text.find("component C") != std::string::npos);
    CHECK(text.find("buffer") != std::string::npos);
    CHECK(text.find("= quantity " + std::to_string(*e->result)) != std::string::npos);
    const boost::json::value json = to_json(*e);
    CHECK(json.at("quantity").as_int64() == *e->result);
    CHECK(json.at("components").as_array().size() == 2);
    CHECK(boost::json::serialize(json).find("\"lead_time_source\":\"default\"") !=
          std::string::npos);
}

TEST_CASE("stock: explain shows the value last sent, when, and Amazon's answer") {
    SentState state;
    state.has_confirmed = true;
    state.confirmed = ListingValues{"DEFAULT", 7, 2, std::nullopt};
    state.sent_at_ms = 1'735'000'000'000;
    state.last_error = "'quantity' is invalid";
    const std::string text = render_last_sent(k_de, state);
    CHECK(text.find("quantity 7") != std::string::npos);
    CHECK(text.find("2024-12-24T00:26:40Z") != std::string::npos);
    CHECK(text.find("'quantity' is invalid") != std::string::npos);
    state.pending = ListingValues{"DEFAULT", 3, 2, std::nullopt};
    state.pending_ambiguous = true;
    CHECK(render_last_sent(k_de, state).find("re-sent") != std::string::npos);
    CHECK(render_last_sent(k_de, std::nullopt).find("nothing yet") != std::string::npos);
}

TEST_CASE("stock: explain says a pending send went in a feed and which newer values wait for it") {
    SentState state;
    state.pending = ListingValues{"DEFAULT", 3, 2, std::nullopt};
    state.pending_transport = SendTransport::feed;
    state.pending_feed_id = "50001";
    state.pending_since_ms = 1'735'000'000'000;
    state.deferred =
        Computation{ListingValues{"DEFAULT", 9, 2, std::nullopt}, 1'735'000'100'000, 2};
    const std::string text = render_last_sent(k_de, state);
    CHECK(text.find("sent in a feed 50001") != std::string::npos);
    CHECK(text.find("newer values wait for that answer: channel DEFAULT, quantity 9") !=
          std::string::npos);
    state.pending_transport = SendTransport::patch;
    state.deferred.reset();
    const std::string patched = render_last_sent(k_de, state);
    CHECK(patched.find("sent by patchListingsItem") != std::string::npos);
    CHECK(patched.find("newer values") == std::string::npos);
}
