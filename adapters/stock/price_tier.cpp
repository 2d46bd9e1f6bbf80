#include "stock/price_tier.hpp"

#include "base/marketplaces.hpp"
#include "base/money.hpp"

namespace amzconn::stock {
namespace {

// amount as a positive decimal text with exactly the currency's minor units.
Result<std::string> canonical_amount(std::string_view amount, std::string_view currency,
                                     const std::string& where) {
    std::optional<int> minor = amazon::currency_minor_units(currency);
    if (!minor) {
        return Error{Status::bad_input, where + ": currency '" + std::string(currency) +
                                            "' is not one Amazon uses; use an ISO 4217 code"};
    }
    Result<money::Decimal> parsed = money::parse_decimal(amount);
    if (!parsed) {
        return Error{Status::bad_input, where + ": " + parsed.error().message};
    }
    if (parsed->units <= 0) {
        return Error{Status::bad_input, where + ": price " + std::string(amount) +
                                            " is not above zero; set a positive price"};
    }
    const money::Decimal exact = money::normalized(*parsed);
    if (exact.scale > *minor) {
        return Error{Status::bad_input,
                     where + ": price " + std::string(amount) + " " + std::string(currency) +
                         " has more decimals than " + std::string(currency) + " allows (" +
                         std::to_string(*minor) + "); round it in the host price tier"};
    }
    Result<money::Decimal> scaled = money::rescale(exact, *minor);
    if (!scaled) {
        return Error{Status::bad_input, where + ": " + scaled.error().message};
    }
    return money::to_string(*scaled);
}

} // namespace

Result<PriceValue> export_price(const TierPrice& price, std::string_view marketplace_id) {
    const std::string where = "price tier '" + price.tier + "' of product " + price.product_code +
                              " for marketplace " + std::string(marketplace_id);
    const amazon::Marketplace* marketplace = amazon::find_marketplace(marketplace_id);
    if (marketplace == nullptr) {
        return Error{Status::bad_input, where + ": unknown marketplace id"};
    }
    if (price.currency != marketplace->currency) {
        return Error{Status::bad_input, where + ": the tier is in " + price.currency + " but " +
                                            std::string(marketplace->name) + " sells in " +
                                            std::string(marketplace->currency) +
                                            "; map a tier in that currency to this marketplace"};
    }
    TRY_ASSIGN(std::string amount, canonical_amount(price.amount, price.currency, where));
    return PriceValue{price.currency, std::move(amount)};
}

Result<TierPrice> import_price(std::string_view product_code, std::string_view tier,
                               std::string_view tier_currency, std::string_view marketplace_id,
                               std::string_view amazon_amount, std::string_view amazon_currency) {
    const std::string where = "Amazon price of product " + std::string(product_code) + " in " +
                              std::string(marketplace_id) + " for price tier '" +
                              std::string(tier) + "'";
    if (amazon_currency != tier_currency) {
        return Error{Status::bad_input, where + ": Amazon's price is in " +
                                            std::string(amazon_currency) + " but the tier is in " +
                                            std::string(tier_currency) +
                                            "; map a tier in the marketplace currency"};
    }
    TRY_ASSIGN(std::string amount, canonical_amount(amazon_amount, amazon_currency, where));
    return TierPrice{std::string(product_code), std::string(tier), std::string(tier_currency),
                     std::move(amount)};
}

} // namespace amzconn::stock
