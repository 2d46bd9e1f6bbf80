// Re-keying a store between Seller SKU and ASIN identification (products.identification_migration):
// each listing's product under today's identity is given the key the new identity looks for, so
// orders and imports before and after the switch land on the same products and none is created
// twice. The plan lists every binding that changes and every conflict; nothing is guessed.
#pragma once

#include "products/import_plan.hpp"

#include <string>
#include <vector>

namespace amzconn::products {

enum class RekeyDecision {
    unchanged, // the new identity already finds the same product
    rebind,    // the product gets the new key (written into the new key field)
    unbound,   // no product today: nothing to carry over (import_products would create one)
    conflict,  // listed, not changed
};

struct RekeyAction {
    RekeyDecision decision = RekeyDecision::unchanged;
    std::string sku;
    std::string asin;
    std::string marketplace;
    std::string product; // the product bound today (rebind, unchanged)
    std::string new_key; // the key the new identity looks for
    std::string reason;  // conflicts: what is wrong and what to do
};

struct RekeyPlan {
    std::vector<RekeyAction> actions;
    // The products to write: each with the new key in the new key field.
    std::vector<HostProduct> writes;

    std::size_t count(RekeyDecision d) const;
};

// `from` is the store's identity today, `to` the one it changes to (key fields as order import
// reads them). Fails (bad_input) only for a bad products.sku_crop pattern.
Result<RekeyPlan> plan_rekey(const std::vector<AmazonListing>& listings,
                             const std::vector<HostProduct>& host, const ImportSettings& from,
                             const ImportSettings& to);

} // namespace amzconn::products
