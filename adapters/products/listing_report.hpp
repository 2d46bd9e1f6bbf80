// Amazon's merchant listings report (GET_MERCHANT_LISTINGS_ALL_DATA, tab-separated, Amazon's
// header names) read row by row: a bad row is reported with its line and the rest still read.
#pragma once

#include "amzconn/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::products {

// One listing as the report states it.
struct AmazonListing {
    std::string sku;          // seller-sku
    std::string asin;         // asin1 (empty: Amazon gave none)
    std::string title;        // item-name
    std::string channel;      // fulfillment-channel: DEFAULT (merchant) or AMAZON_* (FBA)
    std::string barcode;      // product-id when product-id-type is 2, 3 or 4
    std::string barcode_type; // ISBN, UPC or EAN (empty: no barcode)
    std::string marketplace;  // set by the caller: the marketplace id the report was for
    std::size_t line = 0;     // 1-based line in the report
};

// A row that was not read, with its line and why.
struct RowProblem {
    std::size_t line = 0;
    std::string sku; // empty when the row had none
    std::string marketplace;
    std::string message;
};

struct ListingReport {
    std::vector<AmazonListing> listings;
    std::vector<RowProblem> problems;
};

// Fails (bad_input) only when the report has no header or lacks seller-sku, asin1 or item-name;
// a row with another number of fields, no seller-sku, or a seller-sku already read is a problem.
// Accepts LF or CRLF line ends, a UTF-8 BOM and a missing final newline; skips empty lines.
Result<ListingReport> parse_listing_report(std::string_view text);

} // namespace amzconn::products
