// The real-time path: a patchListingsItem request body for one listing, and the choice between
// per-listing patches (few SKUs, 5 requests/s per seller) and a feed (many SKUs).
#pragma once

#include "amzconn/result.hpp"
#include "stock/listing_update.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace amzconn::stock {

// {"productType":"PRODUCT","patches":[...]} for PATCH /listings/2021-08-01/items/{sellerId}/{sku}
// with marketplaceIds=<update.marketplace_id>.
Result<std::string> build_patch_body(const ListingUpdate& update);

// The request path with the seller id and SKU percent-encoded (RFC 3986 unreserved kept).
std::string listings_item_path(std::string_view seller_id, std::string_view sku);

enum class Transport { patch, feed };

struct TransportChoice {
    Transport transport = Transport::feed;
    int64_t patch_time_ms = 0; // how long the patches take at the rate (0 for a feed)
};

struct TransportPolicy {
    std::size_t max_patches = 50; // more updates than this go through a feed
    int64_t patches_per_second = 5;
};

TransportChoice choose_transport(std::size_t updates, const TransportPolicy& policy = {});

} // namespace amzconn::stock
