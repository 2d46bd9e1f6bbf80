// patchListingsItem bodies, the patch-or-feed choice, and price tiers.
#include "stock/listings_feed.hpp"
#include "stock/listings_patch.hpp"
#include "stock/price_tier.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

using namespace amzconn::stock;
namespace json = boost::json;

namespace {

ListingUpdate update() {
    ListingUpdate u;
    u.sku = "SKU/1 ä";
    u.marketplace_id = "A1F83G8C2ARO7P";
    u.send_availability = true;
    u.send_price = true;
    u.values = ListingValues{"DEFAULT", 4, 3, PriceValue{"GBP", "12.00"}};
    return u;
}

} // namespace

TEST_CASE("stock: a patchListingsItem body carries the same patches as a feed message") {
    auto body = build_patch_body(update());
    REQUIRE(body.ok());
    const json::value patch = json::parse(*body);
    CHECK(patch.at("productType") == "PRODUCT");
    auto feeds = build_listings_feeds(FeedHeader{"S", "en_GB"}, std::vector{update()});
    REQUIRE(feeds.ok());
    const json::value feed = json::parse((*feeds)[0].document);
    CHECK(patch.at("patches") == feed.at("messages").at(0).at("patches"));
    CHECK(patch.at("patches").at(1).at("value").at(0).at("currency") == "GBP");
    ListingUpdate nothing = update();
    nothing.send_availability = nothing.send_price = false;
    CHECK_FALSE(build_patch_body(nothing).ok());
}

TEST_CASE("stock: the listings item path percent-encodes the seller id and SKU") {
    CHECK(listings_item_path("A2SELLER", "SKU/1 \xc3\xa4") ==
          "/listings/2021-08-01/items/A2SELLER/SKU%2F1%20%C3%A4");
    CHECK(listings_item_path("S", "a-b_c.d~e") == "/listings/2021-08-01/items/S/a-b_c.d~e");
}

TEST_CASE("stock: few SKUs go by patch within 5 per second, many by feed") {
    TransportPolicy policy;
    policy.max_patches = 20;
    TransportChoice few = choose_transport(6, policy);
    CHECK(few.transport == Transport::patch);
    CHECK(few.patch_time_ms == 1000); // 6 patches at 5/s: the last goes after 1 s
    CHECK(choose_transport(20, policy).transport == Transport::patch);
    CHECK(choose_transport(21, policy).transport == Transport::feed);
    CHECK(choose_transport(0, policy).transport == Transport::feed);
}

TEST_CASE("stock: a price tier exports in the marketplace currency with its minor units") {
    auto eur = export_price(TierPrice{"P1", "Retail EUR", "EUR", "19.9"}, "A1PA6795UKMFR9");
    REQUIRE(eur.ok());
    CHECK(eur->currency == "EUR");
    CHECK(eur->amount == "19.90");
    auto jpy = export_price(TierPrice{"P1", "Retail JPY", "JPY", "1999.00"}, "A1VC38T7YXB528");
    REQUIRE(jpy.ok());
    CHECK(jpy->amount == "1999");
}

TEST_CASE("stock: a tier in another currency is an error naming the tier and the marketplace") {
    auto wrong = export_price(TierPrice{"P1", "Retail GBP", "GBP", "10.00"}, "A1PA6795UKMFR9");
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().message.find("Retail GBP") != std::string::npos);
    CHECK(wrong.error().message.find("A1PA6795UKMFR9") != std::string::npos);
    CHECK(wrong.error().message.find("EUR") != std::string::npos);
}

TEST_CASE("stock: a price finer than the currency or not above zero is refused, never rounded") {
    CHECK_FALSE(export_price(TierPrice{"P1", "T", "EUR", "19.999"}, "A1PA6795UKMFR9").ok());
    CHECK_FALSE(export_price(TierPrice{"P1", "T", "JPY", "10.5"}, "A1VC38T7YXB528").ok());
    CHECK_FALSE(export_price(TierPrice{"P1", "T", "EUR", "0.00"}, "A1PA6795UKMFR9").ok());
    CHECK_FALSE(export_price(TierPrice{"P1", "T", "EUR", "-1"}, "A1PA6795UKMFR9").ok());
    CHECK_FALSE(export_price(TierPrice{"P1", "T", "EUR", "1e2"}, "A1PA6795UKMFR9").ok());
    CHECK(export_price(TierPrice{"P1", "T", "EUR", "19.9900"}, "A1PA6795UKMFR9")->amount ==
          "19.99");
}

TEST_CASE("stock: Amazon prices import into the mapped host tier") {
    auto imported = import_price("P1", "Amazon UK", "GBP", "A1F83G8C2ARO7P", "30.0", "GBP");
    REQUIRE(imported.ok());
    CHECK(imported->tier == "Amazon UK");
    CHECK(imported->amount == "30.00");
    CHECK(imported->product_code == "P1");
    auto mismatch = import_price("P1", "Amazon UK", "GBP", "A1F83G8C2ARO7P", "30.0", "EUR");
    REQUIRE_FALSE(mismatch.ok());
    CHECK(mismatch.error().message.find("Amazon UK") != std::string::npos);
    CHECK(mismatch.error().message.find("A1F83G8C2ARO7P") != std::string::npos);
    CHECK_FALSE(import_price("P1", "T", "JPY", "A1VC38T7YXB528", "25.99", "JPY").ok());
}

TEST_CASE("stock: the offer patch merges the price of the offer to everyone (audience ALL) into "
          "the seller's offer") {
    ListingUpdate u = update();
    u.send_availability = false;
    auto body = build_patch_body(u);
    REQUIRE(body.ok());
    const json::value patch = json::parse(*body);
    REQUIRE(patch.at("patches").as_array().size() == 1);
    // merge keeps the rest of the seller's offer (sale price, minimum and maximum price).
    CHECK(patch.at("patches").at(0).at("op") == "merge");
    const json::value& offer = patch.at("patches").at(0).at("value").at(0);
    CHECK(offer.at("audience") == "ALL");
    CHECK(offer.at("marketplace_id") == "A1F83G8C2ARO7P");
    CHECK(body->find(R"("value_with_tax":12.00})") != std::string::npos);
}
