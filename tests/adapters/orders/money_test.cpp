// Money and tax, exact: unit prices, promotions, charges, tax as lines / order charge / ignored,
// VAT-inclusive net prices with vat_tax, marketplace-facilitator tax, and reconciliation with
// Amazon's total (a residual is reported, never rebalanced).
#include "fixtures.hpp"
#include "orders/order_money.hpp"

#include <random>

using namespace amzconn::orders;

namespace {

// A US order: 2 x 10.00, tax 1.65 on the items, shipping 5.00 with 0.41 tax.
fx::bj::object us_order() {
    auto o = fx::base_order();
    o["salesChannel"].as_object()["marketplaceId"] = "ATVPDKIKX0DER";
    o["recipient"].as_object()["deliveryAddress"].as_object()["countryCode"] = "US";
    o["orderItems"] = fx::bj::array{fx::item("MUG-UK", 2, "10.00", "20.00", "USD")};
    auto& it = fx::first_item(o);
    fx::add_breakdown(it, "SHIPPING", "5.00", "USD");
    fx::add_detailed(it, "TAX", "2.06", {{"ITEM", "1.65"}, {"SHIPPING", "0.41"}}, "USD");
    fx::set_total(o, "27.06", "USD");
    return o;
}

fx::bj::object line0(const fx::bj::object& doc) {
    return doc.at("lines").as_array()[0].as_object();
}

const fx::bj::object& totals(const fx::bj::object& doc) {
    return doc.at("totals").as_object();
}

} // namespace

TEST_CASE("orders: tax as lines carries an exactly derived rate and Amazon's amounts") {
    const auto store = fx::store("taxes: {mode: line, tax_codes: {\"8.25\": US-STD}}\n"
                                 "shipping: {default_method: UPS Ground}",
                                 "US");
    auto r = map_order(fx::parse(us_order()), store, fx::host());
    auto doc = fx::doc_of(r);
    auto line = line0(doc);
    CHECK(fx::str(line["unit_price"]) == "10.00");
    CHECK(line["quantity"].as_int64() == 2);
    CHECK(fx::str(line["tax_amount"]) == "1.65");
    CHECK(fx::str(line["tax_rate"]) == "8.25");
    CHECK(fx::str(line["tax_code"]) == "US-STD");
    auto ship = doc["charges"].as_array()[0].as_object();
    CHECK(fx::str(ship["kind"]) == "shipping");
    CHECK(fx::str(ship["description"]) == "UPS Ground");
    CHECK(fx::str(ship["amount"]) == "5.00");
    CHECK(fx::str(ship["tax_amount"]) == "0.41");
    CHECK(fx::str(totals(doc).at("subtotal")) == "20.00");
    CHECK(fx::str(totals(doc).at("charges")) == "5.00");
    CHECK(fx::str(totals(doc).at("tax")) == "2.06");
    CHECK(fx::str(totals(doc).at("total")) == "27.06");
    CHECK_FALSE(r.import().reconciliation.residual);
    CHECK(fx::str(doc["metadata"].as_object()["prices_include_tax"]) == "false");
}

TEST_CASE("orders: the derived tax rate is the shortest one that reproduces Amazon's tax") {
    CHECK(amzconn::money::to_string(*derive_rate(833, 167)) == "20"); // 8.33 -> 1.67 at 20 %
    CHECK(amzconn::money::to_string(*derive_rate(2000, 165)) == "8.25");
    CHECK(amzconn::money::to_string(*derive_rate(1000, 0)) == "0");
    CHECK(amzconn::money::to_string(*derive_rate(300, 21)) == "7");
    CHECK_FALSE(derive_rate(0, 5));
    CHECK(amzconn::money::to_string(*derive_rate(3, 1)) == "33"); // 0.03 at 33 % -> 0.0099 -> 0.01
    CHECK_FALSE(derive_rate(1'000'000'007, 1)); // below 0.0001 %: no rate reproduces it
}

TEST_CASE("orders: tax as one order charge puts lines at 0 % and keeps Amazon's totals") {
    const auto store =
        fx::store("taxes: {mode: order_charge, charges_sales_account: \"4000\"}", "US");
    auto r = map_order(fx::parse(us_order()), store, fx::host());
    auto doc = fx::doc_of(r);
    CHECK(fx::str(line0(doc)["tax_rate"]) == "0");
    CHECK(fx::str(line0(doc)["tax_amount"]) == "0.00");
    bool found = false;
    for (const auto& c : doc["charges"].as_array()) {
        const auto& o = c.as_object();
        if (fx::str(o.at("kind")) == "tax") {
            found = true;
            CHECK(fx::str(o.at("amount")) == "2.06");
            CHECK(fx::str(o.at("account")) == "4000");
        }
        CHECK(fx::str(o.at("tax_amount")) == "0.00");
    }
    CHECK(found);
    CHECK(fx::str(totals(doc).at("tax")) == "2.06");
    CHECK(fx::str(totals(doc).at("total")) == "27.06");
    CHECK_FALSE(r.import().reconciliation.residual);
}

TEST_CASE("orders: ignored tax leaves the lines untaxed and is not a residual") {
    const auto store = fx::store("taxes: {mode: ignore}", "US");
    auto r = map_order(fx::parse(us_order()), store, fx::host());
    auto doc = fx::doc_of(r);
    CHECK(fx::str(line0(doc)["tax_amount"]) == "0.00");
    CHECK(fx::str(line0(doc)["tax_rate"]) == "0");
    CHECK(fx::str(totals(doc).at("total")) == "25.00");
    CHECK(fx::str(doc["metadata"].as_object()["amazon_tax_ignored"]) == "2.06");
    CHECK(r.import().reconciliation.excluded_tax == "2.06");
    CHECK_FALSE(r.import().reconciliation.residual);
}

TEST_CASE("orders: with tax as one order charge or ignored, lines and charges carry rate 0 and "
          "tax code NONE") {
    for (const char* mode : {"order_charge", "ignore"}) {
        CAPTURE(mode);
        for (const char* code : {"", "ZERO"}) {
            CAPTURE(code);
            std::string yaml = std::string("taxes: {mode: ") + mode;
            yaml += *code ? std::string(", no_tax_code: ") + code + "}" : std::string("}");
            const std::string expected = *code ? code : "NONE";
            auto r = map_order(fx::parse(us_order()), fx::store(yaml, "US"), fx::host());
            auto doc = fx::doc_of(r);
            REQUIRE(amzconn::validate_entity("sales_order", fx::bj::serialize(doc)).ok());
            for (const auto& l : doc["lines"].as_array()) {
                CHECK(fx::str(l.at("tax_rate")) == "0");
                CHECK(fx::str(l.at("tax_code")) == expected);
                CHECK(fx::str(l.at("tax_amount")) == "0.00");
            }
            REQUIRE(doc.contains("charges"));
            for (const auto& c : doc["charges"].as_array()) {
                CHECK(fx::str(c.at("tax_rate")) == "0");
                CHECK(fx::str(c.at("tax_code")) == expected);
                CHECK(fx::str(c.at("tax_amount")) == "0.00");
            }
        }
    }
    // Tax on the lines keeps Amazon's amounts and the mapped codes, never NONE.
    auto line_mode = fx::doc_of(map_order(fx::parse(us_order()), fx::store("", "US"), fx::host()));
    CHECK_FALSE(line0(line_mode).contains("tax_code"));
}

TEST_CASE("orders: VAT-inclusive prices give exact net prices split by largest remainder") {
    // UK: 3 x 10.00 gross, Amazon's VAT 5.00 -> net 25.00 = 8.34 + 8.33 + 8.33.
    auto o = fx::base_order();
    o["orderItems"] = fx::bj::array{fx::item("MUG-UK", 3, "10.00", "30.00")};
    fx::add_detailed(fx::first_item(o), "TAX", "5.00", {{"ITEM", "5.00"}});
    fx::set_total(o, "30.00");
    const auto store = fx::store("taxes: {mode: line, vat_metadata_key: vat_tax}");
    auto r = map_order(fx::parse(o), store, fx::host());
    auto doc = fx::doc_of(r);
    auto lines = doc["lines"].as_array();
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].as_object()["quantity"].as_int64() == 1);
    CHECK(fx::str(lines[0].as_object()["unit_price"]) == "8.34");
    CHECK(lines[1].as_object()["quantity"].as_int64() == 2);
    CHECK(fx::str(lines[1].as_object()["unit_price"]) == "8.33");
    CHECK(fx::str(lines[0].as_object()["tax_amount"]) == "1.67");
    CHECK(fx::str(lines[1].as_object()["tax_amount"]) == "3.33");
    CHECK(fx::str(lines[0].as_object()["tax_rate"]) == "20");
    CHECK(fx::str(doc["metadata"].as_object()["vat_tax"]) == "5.00");
    CHECK(fx::str(doc["metadata"].as_object()["prices_include_tax"]) == "true");
    CHECK(fx::str(totals(doc).at("total")) == "30.00");
    CHECK_FALSE(r.import().reconciliation.residual);
}

TEST_CASE("orders: VAT-inclusive prices without Amazon tax use the host product's rate") {
    auto o = fx::base_order();
    o["orderItems"] = fx::bj::array{fx::item("MUG-UK", 1, "12.00", "12.00")};
    fx::add_breakdown(fx::first_item(o), "SHIPPING", "3.60");
    fx::set_total(o, "15.60");
    auto host = fx::host();
    host.products["MUG-UK"].tax_rate = amzconn::money::Decimal{20, 0};
    auto r = map_order(fx::parse(o), fx::store("taxes: {prices_include_tax: true}"), host);
    auto doc = fx::doc_of(r);
    CHECK(fx::str(line0(doc)["unit_price"]) == "10.00");
    CHECK(fx::str(line0(doc)["tax_amount"]) == "2.00");
    auto ship = doc["charges"].as_array()[0].as_object();
    CHECK(fx::str(ship["amount"]) == "3.00");
    CHECK(fx::str(ship["tax_amount"]) == "0.60");
    CHECK(fx::str(doc["metadata"].as_object()["vat_tax"]) == "2.60"); // default key
    CHECK(fx::str(totals(doc).at("total")) == "15.60");
    CHECK_FALSE(r.import().reconciliation.residual);
}

TEST_CASE("orders: prices_include_tax auto follows the marketplace's vat_inclusive flag") {
    CHECK(prices_include_tax(fx::parse(fx::base_order()), fx::store()));
    CHECK_FALSE(prices_include_tax(fx::parse(us_order()), fx::store({}, "US")));
    CHECK_FALSE(prices_include_tax(fx::parse(fx::base_order()),
                                   fx::store("taxes: {prices_include_tax: false}")));
}

TEST_CASE("orders: promotion discounts reduce the line and the shipping charge") {
    auto o = us_order();
    fx::add_detailed(fx::first_item(o), "DISCOUNT", "3.00",
                     {{"ITEM", "-2.00"}, {"SHIPPING", "-1.00"}}, "USD");
    fx::set_total(o, "24.06", "USD");
    auto r = map_order(fx::parse(o), fx::store({}, "US"), fx::host());
    auto doc = fx::doc_of(r);
    CHECK(fx::str(line0(doc)["discount"]) == "2.00");
    bool discount_charge = false;
    for (const auto& c : doc["charges"].as_array()) {
        if (fx::str(c.as_object().at("kind")) == "discount") {
            discount_charge = true;
            CHECK(fx::str(c.as_object().at("amount")) == "-1.00");
        }
    }
    CHECK(discount_charge);
    CHECK(fx::str(totals(doc).at("total")) == "24.06");
    CHECK_FALSE(r.import().reconciliation.residual);
}

TEST_CASE("orders: gift wrap is a charge of its own") {
    auto o = us_order();
    fx::add_breakdown(fx::first_item(o), "GIFT_WRAP", "3.99", "USD");
    fx::set_total(o, "31.05", "USD");
    auto doc = fx::doc_of(map_order(fx::parse(o), fx::store({}, "US"), fx::host()));
    bool wrap = false;
    for (const auto& c : doc["charges"].as_array()) {
        if (fx::str(c.as_object().at("kind")) == "gift_wrap") {
            wrap = true;
            CHECK(fx::str(c.as_object().at("amount")) == "3.99");
        }
    }
    CHECK(wrap);
    CHECK(fx::str(totals(doc).at("total")) == "31.05");
}

TEST_CASE("orders: marketplace-facilitator tax is marked collected by Amazon, not seller tax") {
    auto o = us_order();
    fx::first_item(o)["tax"] = fx::bj::object{
        {"taxCollections",
         fx::bj::array{fx::bj::object{{"model", "MARKETPLACE_FACILITATOR"},
                                      {"responsibleParty", "Amazon Services, Inc."}}}}};
    auto r = map_order(fx::parse(o), fx::store({}, "US"), fx::host());
    auto doc = fx::doc_of(r);
    CHECK(fx::str(line0(doc)["tax_amount"]) == "0.00");
    auto meta = doc["metadata"].as_object();
    CHECK(fx::str(meta["tax_collected_by_amazon"]) == "true");
    CHECK(fx::str(meta["marketplace_facilitator_tax"]) == "2.06");
    CHECK(fx::str(meta["tax_responsible_party"]) == "Amazon Services, Inc.");
    CHECK(fx::str(totals(doc).at("tax")) == "0.00");
    CHECK(fx::str(totals(doc).at("total")) == "25.00");
    CHECK(r.import().reconciliation.excluded_tax == "2.06");
    CHECK_FALSE(r.import().reconciliation.residual);
}

TEST_CASE(
    "orders: a total that differs from Amazon's is reported as a residual, never rebalanced") {
    auto o = us_order();
    fx::set_total(o, "27.10", "USD");
    auto r = map_order(fx::parse(o), fx::store({}, "US"), fx::host());
    auto doc = fx::doc_of(r);
    CHECK(fx::str(totals(doc).at("total")) == "27.06"); // Amazon's parts, untouched
    REQUIRE(r.import().reconciliation.residual);
    CHECK(*r.import().reconciliation.residual == "0.04");
    CHECK(*r.import().reconciliation.amazon_total == "27.10");
    CHECK(fx::str(doc["metadata"].as_object()["reconciliation_residual"]) == "0.04");
    bool noted = false;
    for (const auto& n : r.notes) {
        noted = noted || n.message.find("by 0.04") != std::string::npos;
    }
    CHECK(noted);
}

TEST_CASE("orders: amounts finer than the currency minor unit are flagged and kept exact") {
    auto o = fx::base_order();
    o["salesChannel"].as_object()["marketplaceId"] = "A1VC38T7YXB528";
    o["orderItems"] = fx::bj::array{fx::item("MUG-UK", 1, "25.99", "25.99", "JPY")};
    fx::set_total(o, "25.99", "JPY");
    auto r = map_order(fx::parse(o), fx::store({}, "JP"), fx::host());
    auto doc = fx::doc_of(r);
    CHECK(fx::str(line0(doc)["unit_price"]) == "25.99");
    REQUIRE_FALSE(r.import().finer_than_currency.empty());
    CHECK(r.import().finer_than_currency[0] == "orderItems[0].product.price.unitPrice");
    CHECK_FALSE(r.import().reconciliation.residual);
}

TEST_CASE("orders: an amount in another currency parks the order with its path") {
    auto o = fx::base_order();
    fx::first_item(o)["product"].as_object()["price"].as_object()["unitPrice"] =
        fx::money("9.99", "EUR");
    auto r = map_order(fx::parse(o), fx::store(), fx::host());
    REQUIRE(r.is_park());
    CHECK(r.park().path == "orderItems[0].product.price.unitPrice");
}

TEST_CASE("orders: an item without any price parks the order") {
    auto o = fx::base_order();
    auto& it = fx::first_item(o);
    it["product"].as_object().erase("price");
    it.erase("proceeds");
    auto r = map_order(fx::parse(o), fx::store(), fx::host());
    REQUIRE(r.is_park());
    CHECK(r.park().path == "orderItems[0].product.price.unitPrice");
}

TEST_CASE("orders: VAT-inclusive orders reconcile to the cent for any quantity and tax") {
    std::mt19937_64 rng(20260115);
    std::uniform_int_distribution<int64_t> qty(1, 97);
    std::uniform_int_distribution<int64_t> cents(1, 500'000);
    const auto store = fx::store("taxes: {mode: line}");
    for (int round = 0; round < 300; ++round) {
        const int64_t q = qty(rng);
        const int64_t gross = cents(rng) + q; // at least 1 cent per unit after tax
        const int64_t tax = gross / 6;        // ~20 % VAT inside
        auto cents_text = [](int64_t c) {
            return std::to_string(c / 100) + "." + (c % 100 < 10 ? "0" : "") +
                   std::to_string(c % 100);
        };
        const std::string g = cents_text(gross);
        const std::string t = cents_text(tax);
        auto o = fx::base_order();
        o["orderItems"] = fx::bj::array{fx::item("MUG-UK", q, "0.01", g.c_str())};
        fx::add_detailed(fx::first_item(o), "TAX", t.c_str(), {{"ITEM", t.c_str()}});
        fx::set_total(o, g.c_str());
        auto host = fx::host();
        host.stock[{"MUG", "MAIN"}].available = 1000;
        auto r = map_order(fx::parse(o), store, host);
        REQUIRE(r.is_import());
        CHECK_FALSE(r.import().reconciliation.residual);
        auto doc = fx::doc_of(r);
        const int64_t net = gross - tax;
        int64_t sum = 0;
        int64_t units = 0;
        for (const auto& l : doc["lines"].as_array()) {
            const auto& lo = l.as_object();
            const auto price = amzconn::money::parse_decimal(fx::str(lo.at("unit_price")));
            REQUIRE(price.ok());
            const int64_t n = lo.at("quantity").as_int64();
            // Each unit is within one cent of the exact share net / q.
            CHECK(price->units * q - net < q);
            CHECK(net - price->units * q < q);
            sum += price->units * n;
            units += n;
        }
        CHECK(units == q);
        CHECK(sum == net);
    }
}

TEST_CASE("orders: a zero-quantity (cancelled) line is left out of the host order") {
    auto o = us_order();
    auto cancelled = fx::item("MUG-UK", 0, "10.00", "0.00", "USD");
    o["orderItems"].as_array().push_back(cancelled);
    auto r = map_order(fx::parse(o), fx::store({}, "US"), fx::host());
    auto doc = fx::doc_of(r);
    CHECK(doc["lines"].as_array().size() == 1);
    CHECK(fx::str(totals(doc).at("total")) == "27.06");
    CHECK_FALSE(r.import().reconciliation.residual);
}

TEST_CASE("orders: tax codes map by reporting scheme, then the rate, then default") {
    auto o = us_order();
    fx::first_item(o)["tax"] = fx::bj::object{
        {"taxCalculationBreakdowns", fx::bj::array{fx::bj::object{{"reportingScheme", "IOSS"}}}}};
    const auto by_scheme =
        fx::store("taxes: {tax_codes: {IOSS: EU-IOSS, \"8.25\": US-STD, default: STD}}", "US");
    CHECK(fx::str(line0(fx::doc_of(map_order(fx::parse(o), by_scheme, fx::host())))["tax_code"]) ==
          "EU-IOSS");
    const auto by_rate = fx::store("taxes: {tax_codes: {\"8.25\": US-STD, default: STD}}", "US");
    CHECK(fx::str(line0(fx::doc_of(map_order(fx::parse(o), by_rate, fx::host())))["tax_code"]) ==
          "US-STD");
    const auto fallback = fx::store("taxes: {tax_codes: {\"20\": UK-STD, default: STD}}", "US");
    CHECK(fx::str(line0(fx::doc_of(map_order(fx::parse(o), fallback, fx::host())))["tax_code"]) ==
          "STD");
    const auto none = fx::store("taxes: {tax_codes: {\"20\": UK-STD}}", "US");
    CHECK_FALSE(line0(fx::doc_of(map_order(fx::parse(o), none, fx::host()))).contains("tax_code"));
}
