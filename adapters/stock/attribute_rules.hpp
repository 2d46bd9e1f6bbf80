// Reading the per-product stock attributes: skip / sync-disabled flags, handling time,
// SwitchFulfillmentTo and the Seller SKU identity. Unreadable values are errors, never guesses.
#pragma once

#include "amzconn/result.hpp"
#include "stock/stock_input.hpp"

#include <string>
#include <string_view>

namespace amzconn::stock {

// "1", "true", "yes", "y", "on" are true; "", "0", "false", "no", "n", "off" are false
// (case-insensitive, surrounding spaces ignored). Anything else is an error naming the attribute.
Result<bool> read_flag(const Product& product, std::string_view attribute);

struct LeadTime {
    int days = k_default_lead_time_days;
    bool from_attribute = false; // false: the store default was used
};

// Whole days 0..30 from the attribute, or the default when it is missing or empty.
Result<LeadTime> read_lead_time(const Product& product, std::string_view attribute,
                                int default_days);

enum class SwitchTo { none, mfn, afn };

// SwitchFulfillmentTo: "MFN" or "AFN" (case-insensitive), empty or missing means no switch.
Result<SwitchTo> read_switch_fulfillment(const Product& product, std::string_view attribute);

// The Seller SKU of a product: what it holds in `field` (orders::KeyField::value_in: its code,
// barcode or attribute) when non-empty, else the product code.
std::string seller_sku(const Product& product, const orders::KeyField& field);
// The same, without a copy: a view into `product`.
std::string_view seller_sku_view(const Product& product, const orders::KeyField& field);

} // namespace amzconn::stock
