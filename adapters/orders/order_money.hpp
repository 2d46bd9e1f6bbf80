// Exact money and tax for one order: unit prices and quantities, promotion discounts, shipping
// and gift wrap as charges, tax as lines / one order charge / ignored, VAT-inclusive net prices,
// marketplace-facilitator tax, and the reconciliation with Amazon's total. Integers at one scale
// per order; never binary floating point.
#pragma once

#include "orders/settings.hpp"
#include "spapi/order_types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace amzconn::orders {

struct PricedLine {
    size_t item_index = 0; // index in order.order_items (a line may be split in two)
    int64_t quantity = 0;
    int64_t unit_price = 0; // units at the order's scale
    int64_t discount = 0;
    std::optional<int64_t> tax;          // seller tax on the line; unset when taxes are ignored
    std::optional<std::string> tax_rate; // percent, exact decimal text
    std::optional<std::string> tax_code;
};

struct PricedCharge {
    std::string kind; // shipping | gift_wrap | tax | discount | other
    std::string description;
    int64_t amount = 0;
    std::optional<int64_t> tax;
    std::optional<std::string> tax_rate; // "0" outside line mode
    std::optional<std::string> tax_code; // taxes.no_tax_code outside line mode
};

struct MoneyPlan {
    std::string currency;
    int32_t scale = 2; // every integer below is in units of 10^-scale
    bool prices_include_tax = false;
    std::vector<PricedLine> lines;
    std::vector<PricedCharge> charges;
    int64_t subtotal = 0;        // lines after discounts, before tax
    int64_t charges_total = 0;   // charges other than tax charges
    int64_t tax_total = 0;       // seller tax on the host order
    int64_t total = 0;           // subtotal + charges_total + tax_total
    std::optional<int64_t> vat;  // VAT contained in VAT-inclusive prices
    int64_t facilitator_tax = 0; // collected and remitted by Amazon
    std::optional<std::string> facilitator_party;
    int64_t excluded_tax = 0; // Amazon's tax the host order leaves out (ignored / facilitator)
    std::optional<int64_t> amazon_total;
    std::optional<int64_t> residual; // amazon_total - (total + excluded_tax), when not zero
    std::vector<std::string> finer_than_currency; // field paths
    std::vector<std::string> notes;               // DEBUG-level explanations (no buyer data)

    std::string text(int64_t units) const; // "12.34" at this plan's scale
};

struct MoneyProblem {
    std::string reason;
    std::string fix;
    std::string path;
};

struct MoneyOutcome {
    std::optional<MoneyPlan> plan;
    std::optional<MoneyProblem> problem;
};

// `product_rates[i]`: the host tax rate (percent) of item i's product, when known; used only
// for VAT-inclusive marketplaces when Amazon sends no tax.
MoneyOutcome price_order(const spapi::orders::Order& order, const OrderSettings& store,
                         const std::vector<std::optional<money::Decimal>>& product_rates);

// Whether the store's prices include tax for this order's marketplace.
bool prices_include_tax(const spapi::orders::Order& order, const OrderSettings& store);

// The smallest-decimal rate (percent, up to 4 decimals) that reproduces `tax` from `base` when
// rounded half-up to the same unit; nullopt when no such rate exists or base is not positive.
std::optional<money::Decimal> derive_rate(int64_t base, int64_t tax);

} // namespace amzconn::orders
