// Re-keying between Seller SKU and ASIN identification: each listing's product today gets the key
// the new identity reads, so nothing is created twice; what cannot be carried over is a conflict.
#include "products/rekey.hpp"

#include <doctest/doctest.h>

using namespace amzconn;
using namespace amzconn::products;
using orders::Identification;
using orders::KeyField;

namespace {

AmazonListing rekey_listing(const std::string& sku, const std::string& asin) {
    AmazonListing l;
    l.sku = sku;
    l.asin = asin;
    l.marketplace = "A1F83G8C2ARO7P";
    return l;
}

HostProduct rekey_product(const std::string& code,
                          std::map<std::string, std::string> attributes = {}) {
    return HostProduct{code, code, "", std::move(attributes)};
}

ImportSettings by_sku() {
    return {};
}

ImportSettings by_asin() {
    ImportSettings s;
    s.identification = Identification::asin;
    s.key_field = KeyField{KeyField::Kind::attribute, "amazon_asin"};
    return s;
}

RekeyPlan rekey(const std::vector<AmazonListing>& listings, const std::vector<HostProduct>& host,
                const ImportSettings& from, const ImportSettings& to) {
    auto planned = plan_rekey(listings, host, from, to);
    REQUIRE_MESSAGE(planned.ok(), (planned.ok() ? "" : planned.error().message));
    return std::move(*planned);
}

} // namespace

TEST_CASE("products: SKU to ASIN gives each product today's listing's ASIN, and a product that "
          "has it already is unchanged") {
    const auto p = rekey(
        {rekey_listing("MUG", "B1"), rekey_listing("TEA", "B2"), rekey_listing("NEW", "B3")},
        {rekey_product("MUG"), rekey_product("TEA", {{"amazon_asin", "B2"}})}, by_sku(), by_asin());
    REQUIRE(p.actions.size() == 3);
    CHECK(p.actions[0].decision == RekeyDecision::rebind);
    CHECK(p.actions[0].product == "MUG");
    CHECK(p.actions[0].new_key == "B1");
    CHECK(p.actions[1].decision == RekeyDecision::unchanged);
    CHECK(p.actions[2].decision == RekeyDecision::unbound);
    REQUIRE(p.writes.size() == 1);
    CHECK(p.writes[0].code == "MUG");
    CHECK(p.writes[0].attributes.at("amazon_asin") == "B1");
}

TEST_CASE("products: after the rebind writes the new identity finds every product today's did") {
    const std::vector<AmazonListing> listings{rekey_listing("MUG", "B1"),
                                              rekey_listing("TEA", "B2")};
    std::vector<HostProduct> host{rekey_product("MUG"), rekey_product("TEA")};
    const auto p = rekey(listings, host, by_sku(), by_asin());
    for (const auto& w : p.writes) {
        for (auto& h : host) {
            if (h.code == w.code) {
                h = w;
            }
        }
    }
    const auto again = rekey(listings, host, by_sku(), by_asin());
    CHECK(again.count(RekeyDecision::unchanged) == 2);
    CHECK(again.writes.empty());
    // And import_products under the new identity creates nothing: no duplicates.
    const auto imported = plan_import(listings, host, by_asin());
    REQUIRE(imported.ok());
    CHECK(imported->count(Decision::create) == 0);
    CHECK(imported->count(Decision::unchanged) == 2);
}

TEST_CASE("products: two products of one ASIN are a conflict naming both, to merge first") {
    const auto p = rekey({rekey_listing("MUG", "B1"), rekey_listing("MUG-FBA", "B1")},
                         {rekey_product("MUG"), rekey_product("MUG-FBA")}, by_sku(), by_asin());
    CHECK(p.count(RekeyDecision::conflict) == 2);
    CHECK(p.actions[0].reason.find("MUG, MUG-FBA") != std::string::npos);
    CHECK(p.writes.empty());
}

TEST_CASE("products: a new identity that would find another product than today's is a conflict") {
    const auto p = rekey({rekey_listing("MUG", "B1")},
                         {rekey_product("MUG"), rekey_product("OTHER", {{"amazon_asin", "B1"}})},
                         by_sku(), by_asin());
    CHECK(p.actions[0].decision == RekeyDecision::conflict);
    CHECK(p.actions[0].reason.find("OTHER instead of MUG") != std::string::npos);
    CHECK(p.writes.empty());
}

TEST_CASE("products: ASIN to SKU cannot rename product codes and says so") {
    const auto p = rekey({rekey_listing("MUG-UK", "B1")},
                         {rekey_product("X1", {{"amazon_asin", "B1"}})}, by_asin(), by_sku());
    CHECK(p.actions[0].decision == RekeyDecision::conflict);
    CHECK(p.actions[0].reason.find("cannot be renamed MUG-UK") != std::string::npos);
}

TEST_CASE("products: ASIN to SKU in an attribute writes the SKU there") {
    auto to = by_sku();
    to.key_field = KeyField::named("amazon_sku");
    const auto p = rekey({rekey_listing("MUG-UK", "B1")},
                         {rekey_product("X1", {{"amazon_asin", "B1"}})}, by_asin(), to);
    CHECK(p.actions[0].decision == RekeyDecision::rebind);
    REQUIRE(p.writes.size() == 1);
    CHECK(p.writes[0].attributes.at("amazon_sku") == "MUG-UK");
}
