// One listing's changes as JSON Patch operations on /attributes/fulfillment_availability and
// /attributes/purchasable_offer: the same text goes into feed messages and patchListingsItem.
#pragma once

#include "amzconn/result.hpp"
#include "stock/delta.hpp"

#include <string>

namespace amzconn::stock {

struct ListingUpdate {
    std::string sku;
    std::string marketplace_id;
    std::string product_type = "PRODUCT"; // Amazon's samples use PRODUCT for offer-only patches
    bool send_availability = false;
    bool send_price = false;
    ListingValues values; // absolute values
};

// From a planned send (decide_delta) of `values`, the computation's.
ListingUpdate make_update(std::string sku, std::string marketplace_id, const DeltaPlan& send,
                          const ListingValues& values);

// Checks what the schemas and Amazon require: a SKU, a part to send, quantity >= 0, lead time
// 0..30, a plain decimal price with a currency.
Outcome validate_update(const ListingUpdate& update);

// Appends the "patches" array (without a key) for a validated update.
void append_patches(std::string& out, const ListingUpdate& update);

} // namespace amzconn::stock
