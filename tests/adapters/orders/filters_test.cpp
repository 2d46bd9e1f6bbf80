// Order filters: ship-to countries with exclusions, inventory locations, order programs and the
// start date; the result names the filter that skipped the order.
#include "fixtures.hpp"
#include "orders/filters.hpp"

using namespace amzconn::orders;

namespace {

fx::bj::object shipped_to(const char* country) {
    auto o = fx::base_order();
    o["recipient"].as_object()["deliveryAddress"].as_object()["countryCode"] = country;
    return o;
}

} // namespace

TEST_CASE("orders: a country list imports only the listed ship-to countries") {
    const auto store = fx::store("filters: {countries: [GB, IE]}");
    CHECK(map_order(fx::parse(shipped_to("GB")), store, fx::host()).is_import());
    CHECK(map_order(fx::parse(shipped_to("IE")), store, fx::host()).is_import());
    auto r = map_order(fx::parse(shipped_to("FR")), store, fx::host());
    REQUIRE(r.is_skip());
    CHECK(r.skip().kind == SkipKind::filter);
    CHECK(r.skip().filter == "countries");
    CHECK(r.skip().reason.find("FR") != std::string::npos);
}

TEST_CASE("orders: a -XX country entry excludes that ship-to country only") {
    const auto store = fx::store("filters: {countries: [-US, -PR]}");
    auto r = map_order(fx::parse(shipped_to("PR")), store, fx::host());
    REQUIRE(r.is_skip());
    CHECK(r.skip().filter == "countries");
    CHECK(r.skip().reason.find("-PR") != std::string::npos);
    CHECK(map_order(fx::parse(shipped_to("GB")), store, fx::host()).is_import());
}

TEST_CASE("orders: a country list that starts with -XX excludes every code it names, as Order "
          "Desk reads -US,CA,MX") {
    const auto store = fx::store("filters: {countries: [-US, CA, MX]}");
    for (const char* excluded : {"US", "CA", "MX"}) {
        auto r = map_order(fx::parse(shipped_to(excluded)), store, fx::host());
        REQUIRE(r.is_skip());
        CHECK(r.skip().filter == "countries");
        CHECK(r.skip().reason.find(std::string("ship-to country ") + excluded + " is excluded") !=
              std::string::npos);
    }
    const auto ca = map_order(fx::parse(shipped_to("CA")), store, fx::host());
    CHECK(ca.skip().reason.find("starts with -US, so every code in it is excluded") !=
          std::string::npos);
    CHECK(map_order(fx::parse(shipped_to("GB")), store, fx::host()).is_import());
    // A list that starts with an inclusion keeps its meaning: only GB, and never US.
    amzconn::orders::FilterSettings filters;
    filters.countries = {"GB", "-US", "CA"};
    CHECK_FALSE(country_filter(fx::parse(shipped_to("GB")), filters));
    CHECK(country_filter(fx::parse(shipped_to("CA")), filters) == std::nullopt);
    CHECK(country_filter(fx::parse(shipped_to("FR")), filters));
}

TEST_CASE("orders: an exclusion wins over an inclusion of the same country") {
    // The loader refuses such a config; the rule still holds for a hand-built one.
    amzconn::orders::FilterSettings filters;
    filters.countries = {"GB", "-GB"};
    auto hit = country_filter(fx::parse(shipped_to("GB")), filters);
    REQUIRE(hit);
    CHECK(hit->filter == "countries");
    filters.countries = {"GB", "-US"};
    CHECK_FALSE(country_filter(fx::parse(shipped_to("GB")), filters));
}

TEST_CASE("orders: a withheld address is filtered by the marketplace's country") {
    auto o = fx::base_order();
    o.erase("recipient");
    CHECK(ship_to_country(fx::parse(o)) == "GB");
    CHECK(map_order(fx::parse(o), fx::store("filters: {countries: [-GB]}"), fx::host()).is_skip());
    CHECK(map_order(fx::parse(o), fx::store("filters: {countries: [GB]}"), fx::host()).is_import());
}

TEST_CASE("orders: skip_programs skips business, prime, premium, ispu and replacement orders") {
    struct Case {
        const char* yaml;
        const char* program;
    };
    for (const Case c : {Case{"business", "AMAZON_BUSINESS"}, Case{"prime", "PRIME"},
                         Case{"premium", "PREMIUM"}, Case{"ispu", "IN_STORE_PICK_UP"}}) {
        CAPTURE(c.program);
        auto o = fx::base_order();
        o["programs"] = fx::bj::array{c.program};
        const auto store = fx::store(std::string("filters: {skip_programs: [") + c.yaml + "]}");
        auto r = map_order(fx::parse(o), store, fx::host());
        REQUIRE(r.is_skip());
        CHECK(r.skip().filter == "programs");
        CHECK(r.skip().reason.find(c.yaml) != std::string::npos);
        // Another program is not skipped.
        o["programs"] = fx::bj::array{"FBM_SHIP_PLUS"};
        CHECK(map_order(fx::parse(o), store, fx::host()).is_import());
    }
    auto o = fx::base_order();
    o["associatedOrders"] = fx::bj::array{fx::bj::object{
        {"orderId", "202-9999999-9999999"}, {"associationType", "REPLACEMENT_ORIGINAL_ID"}}};
    auto r =
        map_order(fx::parse(o), fx::store("filters: {skip_programs: [replacement]}"), fx::host());
    REQUIRE(r.is_skip());
    CHECK(r.skip().filter == "programs");
}

TEST_CASE("orders: orders created before start_date are skipped by the start_date filter") {
    const auto store = fx::store("filters: {start_date: 2026-01-16}");
    auto r = map_order(fx::parse(fx::base_order()), store, fx::host());
    REQUIRE(r.is_skip());
    CHECK(r.skip().filter == "start_date");
    CHECK(map_order(fx::parse(fx::base_order()), fx::store("filters: {start_date: 2026-01-15}"),
                    fx::host())
              .is_import());
}

TEST_CASE("orders: inventory_locations imports only orders whose items the host keeps in a listed "
          "location, sold out or not") {
    const auto store = fx::store("filters: {inventory_locations: [Berlin, Hamburg]}");
    auto host = fx::host(); // MUG is kept in MAIN only
    auto r = map_order(fx::parse(fx::base_order()), store, host);
    REQUIRE(r.is_skip());
    CHECK(r.skip().filter == "inventory_locations");
    CHECK(r.skip().reason.find("MUG-UK") != std::string::npos);
    CHECK(r.skip().reason.find("has no stock level in any of") != std::string::npos);

    // Looked up but not kept there (no stock level): still not Hamburg's.
    host.stock[{"MUG", "Hamburg"}].available = 0;
    CHECK(map_order(fx::parse(fx::base_order()), store, host).is_skip());
    // Kept in Hamburg but sold out (or oversold): the order is still Hamburg's to fulfil.
    host.stock[{"MUG", "Hamburg"}].kept = true;
    CHECK(map_order(fx::parse(fx::base_order()), store, host).is_import());
    host.stock[{"MUG", "Hamburg"}].available = 3;
    CHECK(map_order(fx::parse(fx::base_order()), store, host).is_import());
}
