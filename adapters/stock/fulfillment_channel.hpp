// Which fulfilment network a listing uses: "DEFAULT" is the merchant (FBM); every "AMAZON_*" code
// is Fulfilled by Amazon, whose stock Amazon counts itself and which must never get a merchant
// quantity.
#pragma once

#include "amzconn/result.hpp"

#include <string>
#include <string_view>

namespace amzconn::stock {

bool is_merchant_channel(std::string_view channel_code);

// The AMAZON_* code used to switch a listing of this marketplace to FBA (SwitchFulfillmentTo=AFN):
// AMAZON_NA / AMAZON_EU by region, AMAZON_JP, AMAZON_IN, AMAZON_FE for the other Far East
// marketplaces. UNCONFIRMED beyond NA/EU: check getDefinitionsProductType for the marketplace.
Result<std::string> afn_channel_code(std::string_view marketplace_id);

} // namespace amzconn::stock
