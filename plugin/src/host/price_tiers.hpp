// Host price tiers for the price export and import: which tier each marketplace exports from
// (prices.tiers by country code, else prices.default_tier), the tiers as the host holds them,
// and the price of a product in a marketplace through the exact rule stock::export_price.
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/host_services.hpp"
#include "stock/delta.hpp"
#include "stock/stock_input.hpp"

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::plugin {

struct HostPriceTier {
    boost::json::object document; // as the host holds it (fields we do not know are kept)
    std::string name;
    std::string currency;
    std::map<std::string, std::string> prices; // product code -> decimal text
};

// The tier a marketplace exports from; nullopt when neither tiers nor default_tier names one.
std::optional<std::string> export_tier_of(const config::Prices& prices,
                                          std::string_view marketplace_id);

// Every tier this store exports from (mapped per marketplace or default).
std::set<std::string> export_tiers(const config::Prices& prices);

// The host's tier of that name; nullopt when the host has none. A price that is not a decimal
// string stays out of `prices` (the host validates money as decimal text).
Result<std::optional<HostPriceTier>> read_price_tier(HostServices& host, std::string_view name);

// Seller SKU -> product code (stock::seller_sku: what the product holds in `sku_field`, else its
// code); a SKU claimed by two products maps to nothing and is listed in `ambiguous`.
std::map<std::string, std::string> products_by_sku(const std::vector<stock::Product>& products,
                                                   const orders::KeyField& sku_field,
                                                   std::set<std::string>& ambiguous);

// The price each listing exports, reading each tier from the host once per run.
class ExportPrices {
  public:
    ExportPrices(HostServices& host, const config::Prices& prices);

    // bad_input: this listing's price cannot be sent (the message names the tier, product and
    // marketplace and how to fix it); any other error is the host's and stops the run.
    Result<stock::PriceValue> price_of(const std::string& product_code,
                                       const std::string& marketplace_id);

  private:
    HostServices& m_host;
    const config::Prices& m_prices;
    std::map<std::string, std::optional<HostPriceTier>> m_tiers;
};

} // namespace amzconn::plugin
