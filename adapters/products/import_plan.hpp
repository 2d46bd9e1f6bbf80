// What import_products does with Amazon's listings: each listing is matched to host products by
// the store's identity (the Seller SKU after products.sku_crop, or the ASIN, held in the product
// field products.sku_attribute names: the same rule order import and stock export use), then
// becomes a product to create, one to update (products.sync_from_amazon only), one left unchanged,
// or a conflict that is listed and left alone.
#pragma once

#include "amzconn/result.hpp"
#include "orders/products.hpp"
#include "orders/settings.hpp"
#include "products/listing_report.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace amzconn::products {

// The attribute holding the ASIN on products import_products creates or syncs (the one order
// import's created products carry and ASIN identification reads by default).
inline constexpr std::string_view k_asin_attribute = "amazon_asin";

// The rules' settings, from the store's products section.
struct ImportSettings {
    orders::Identification identification = orders::Identification::seller_sku;
    orders::KeyField key_field; // where host products hold the identification key
    orders::SkuCrop crop;
    bool sync_from_amazon = false; // Amazon's title, barcode and ASIN overwrite an existing one's
};

// What import_products reads of a host product.
struct HostProduct {
    std::string code;
    std::string description;
    std::string barcode;
    std::map<std::string, std::string> attributes;
};

enum class Decision { create, update, unchanged, conflict };

// One product's outcome. `product` is the whole product for create and the product with only
// Amazon's fields changed for update; `changed` names those fields ("description", "barcode",
// "attributes.amazon_asin").
struct Action {
    Decision decision = Decision::unchanged;
    std::string key;                  // the identification key
    std::vector<std::string> skus;    // the listings' Seller SKUs
    std::vector<std::string> matched; // host product codes the key matched
    HostProduct product;
    std::vector<std::string> changed;
    std::string reason; // conflicts: what is wrong and what to do
};

struct ImportPlan {
    std::vector<Action> actions; // one per identification key, in report order
    std::vector<RowProblem> problems;

    std::size_t count(Decision d) const;
};

// Listings of several marketplaces come primary first: a Seller SKU listed in several is one
// listing, and its first marketplace's title and barcode are used. Fails (bad_input) only for a
// products.sku_crop pattern that is not a valid regular expression.
Result<ImportPlan> plan_import(const std::vector<AmazonListing>& listings,
                               const std::vector<HostProduct>& host,
                               const ImportSettings& settings);

} // namespace amzconn::products
