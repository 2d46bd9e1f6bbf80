// Prices between host price tiers and Amazon offers: export the mapped tier's price in the
// marketplace currency with its exact minor units; import Amazon's price back into a host tier.
// Nothing is rounded or converted: a mismatch is an error that names the tier and marketplace.
#pragma once

#include "amzconn/result.hpp"
#include "stock/delta.hpp"

#include <string>
#include <string_view>

namespace amzconn::stock {

struct TierPrice {
    std::string product_code;
    std::string tier;     // host price tier name
    std::string currency; // ISO 4217
    std::string amount;   // decimal text as the host holds it
};

// The price to send for a marketplace from the tier mapped to it: the currency must be the
// marketplace's, the amount > 0 with at most the currency's minor units (padded to them: "19.9"
// EUR -> "19.90"; 1999 JPY stays "1999").
Result<PriceValue> export_price(const TierPrice& price, std::string_view marketplace_id);

// Amazon's price (amount + currency from a listing offer) into the host tier `tier`, whose
// currency is `tier_currency`. Amounts finer than the currency's minor units are refused.
Result<TierPrice> import_price(std::string_view product_code, std::string_view tier,
                               std::string_view tier_currency, std::string_view marketplace_id,
                               std::string_view amazon_amount, std::string_view amazon_currency);

} // namespace amzconn::stock
