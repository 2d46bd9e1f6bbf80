// Amazon's merchant listings report read row by row: Amazon's header names, bad rows reported with
// their line while the rest are read.
#include "products/listing_report.hpp"

#include <doctest/doctest.h>

using namespace amzconn;
using namespace amzconn::products;

namespace {

// The report's real header (GET_MERCHANT_LISTINGS_ALL_DATA, 29 columns).
const std::string k_header =
    "item-name\titem-description\tlisting-id\tseller-sku\tprice\tquantity\topen-date\t"
    "image-url\titem-is-marketplace\tproduct-id-type\tzshop-shipping-fee\titem-note\t"
    "item-condition\tzshop-category1\tzshop-browse-path\tzshop-storefront-feature\t"
    "asin1\tasin2\tasin3\twill-ship-internationally\texpedited-shipping\t"
    "zshop-boldface\tproduct-id\tbid-for-featured-placement\tadd-delete\t"
    "pending-quantity\tfulfillment-channel\tmerchant-shipping-group\tstatus\n";

std::string row(const std::string& title, const std::string& sku, const std::string& asin,
                const std::string& id_type = "1", const std::string& product_id = "",
                const std::string& channel = "DEFAULT") {
    return title + "\t\tA1F8" + sku + "\t" + sku + "\t9.99\t5\t2026-01-01 00:00:00 UTC\t\ty\t" +
           id_type + "\t\t\t11\t\t\t\t" + asin + "\t\t\t\t\t\t" +
           (product_id.empty() ? asin : product_id) + "\t\t\t0\t" + channel +
           "\tMigrated Template\tActive\n";
}

} // namespace

TEST_CASE("products: the listings report gives each row's SKU, ASIN, title, channel and barcode") {
    const auto parsed =
        parse_listing_report(k_header + row("Blue mug", "MUG", "B000000001", "4", "5012345678900") +
                             row("Coaster", "COASTER", "B000000002", "1", "", "AMAZON_EU"));
    REQUIRE(parsed.ok());
    REQUIRE(parsed->listings.size() == 2);
    CHECK(parsed->problems.empty());
    const auto& mug = parsed->listings[0];
    CHECK(mug.sku == "MUG");
    CHECK(mug.asin == "B000000001");
    CHECK(mug.title == "Blue mug");
    CHECK(mug.channel == "DEFAULT");
    CHECK(mug.barcode == "5012345678900");
    CHECK(mug.barcode_type == "EAN");
    CHECK(mug.line == 2);
    const auto& coaster = parsed->listings[1];
    CHECK(coaster.channel == "AMAZON_EU");
    CHECK(coaster.barcode.empty()); // product-id-type 1 is the ASIN, not a barcode
    CHECK(coaster.barcode_type.empty());
}

TEST_CASE("products: UPC and ISBN product ids are barcodes too") {
    const auto parsed = parse_listing_report(k_header + row("A", "A", "B1", "3", "012345678905") +
                                             row("B", "B", "B2", "2", "9780000000002"));
    REQUIRE(parsed.ok());
    CHECK(parsed->listings[0].barcode_type == "UPC");
    CHECK(parsed->listings[1].barcode_type == "ISBN");
    CHECK(parsed->listings[1].barcode == "9780000000002");
}

TEST_CASE("products: a bad row is reported with its line and the rows after it are still read") {
    const auto parsed = parse_listing_report(
        k_header + row("Mug", "MUG", "B1") + "Broken\trow with too few fields\n" +
        row("No SKU", "", "B2") + row("Mug again", "MUG", "B3") + row("Coaster", "COASTER", "B4"));
    REQUIRE(parsed.ok());
    REQUIRE(parsed->listings.size() == 2);
    CHECK(parsed->listings[0].sku == "MUG");
    CHECK(parsed->listings[0].title == "Mug"); // the first row of a SKU wins
    CHECK(parsed->listings[1].sku == "COASTER");
    CHECK(parsed->listings[1].line == 6);
    REQUIRE(parsed->problems.size() == 3);
    CHECK(parsed->problems[0].line == 3);
    CHECK(parsed->problems[0].message.find("line 3 has 2 fields, the header has 29") == 0);
    CHECK(parsed->problems[1].line == 4);
    CHECK(parsed->problems[1].message.find("no seller-sku") != std::string::npos);
    CHECK(parsed->problems[2].line == 5);
    CHECK(parsed->problems[2].sku == "MUG");
    CHECK(parsed->problems[2].message.find("already read") != std::string::npos);
}

TEST_CASE("products: CRLF line ends, a BOM, blank lines and no final newline are accepted") {
    auto text = "\xEF\xBB\xBF" + k_header + "\n" + row("Mug", "MUG", "B1");
    text.pop_back();
    std::string crlf;
    for (char c : text) {
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    }
    const auto parsed = parse_listing_report(crlf);
    REQUIRE(parsed.ok());
    REQUIRE(parsed->listings.size() == 1);
    CHECK(parsed->listings[0].sku == "MUG");
    CHECK(parsed->listings[0].asin == "B1");
    CHECK(parsed->problems.empty());
}

TEST_CASE("products: a report without Amazon's seller-sku, asin1 or item-name columns is refused") {
    const auto parsed = parse_listing_report("sku\ttitle\nMUG\tMug\n");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status() == Status::bad_input);
    CHECK(parsed.error().message.find("seller-sku, asin1, item-name") != std::string::npos);
    CHECK_FALSE(parse_listing_report("").ok());
}
