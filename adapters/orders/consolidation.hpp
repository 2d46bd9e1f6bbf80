// One consolidated host order per day and currency: merging an imported order into it appends
// its lines and charges and adds its totals exactly, and never adds the same Amazon order twice
// (the order ids are kept in metadata "amazon_order_ids"; each line names its order).
#pragma once

#include "amzconn/result.hpp"
#include "orders/settings.hpp"

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::orders {

inline constexpr std::string_view k_order_ids_key = "amazon_order_ids";

struct MergeOutcome {
    boost::json::object sales_order;
    bool changed = false; // false: the order was already in the consolidated order
};

// `existing` is the day's consolidated sales_order (as the host holds it), `addition` the one
// map_order built for a single Amazon order. Metadata keys in `summed_keys` (e.g. vat_tax) are
// added exactly; the others keep the existing value.
// The metadata amounts a consolidated order adds up: the VAT key, marketplace-facilitator tax,
// ignored tax and reconciliation residuals.
std::vector<std::string> consolidation_summed_keys(const OrderSettings& store);

// Tree to tree: `existing` is taken over (moved in) and returned merged.
Result<MergeOutcome> merge_consolidated(boost::json::object existing,
                                        const boost::json::object& addition,
                                        const std::vector<std::string>& summed_keys);

} // namespace amzconn::orders
