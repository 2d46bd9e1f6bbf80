#include "orders/order_money.hpp"

#include "base/marketplaces.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace amzconn::orders {

using spapi::orders::Order;
using spapi::orders::OrderItem;
using spapi::orders::ProceedsBreakdown;

namespace {

__extension__ typedef __int128 i128; // products of two int64 amounts never overflow it

int64_t pow10(int32_t n) {
    int64_t v = 1;
    for (int32_t i = 0; i < n; ++i) {
        v *= 10;
    }
    return v;
}

// num / den rounded half away from zero; den > 0.
i128 div_round(i128 num, i128 den) {
    const i128 q = num / den;
    const i128 r = num % den;
    if (r * 2 >= den) {
        return q + 1;
    }
    if (r * 2 <= -den) {
        return q - 1;
    }
    return q;
}

bool fits(i128 v) {
    return v >= INT64_MIN && v <= INT64_MAX;
}

// Collects amounts of one order at one scale, with the field path of the first problem.
class Reader {
  public:
    Reader(std::string currency, int32_t minor, int32_t scale)
        : m_currency(std::move(currency)), m_minor(minor), m_scale(scale) {}

    std::optional<int64_t> units(const money::Money& m, const char* path) {
        return units(m, [path] { return std::string(path); });
    }

    // `path()` spells the amount's field path; it is called only for a note or a problem.
    template <typename PathText>
    std::optional<int64_t> units(const money::Money& m, const PathText& path) {
        if (m_problem) {
            return std::nullopt;
        }
        if (m.currency != m_currency) {
            m_problem = MoneyProblem{"amount in " + m.currency + " in an order in " + m_currency,
                                     "check the order in Seller Central; amzconn imports "
                                     "single-currency orders only",
                                     path()};
            return std::nullopt;
        }
        if (m.amount.scale > m_minor) {
            m_finer.push_back(path());
        }
        if (m.amount.scale == m_scale) {
            return m.amount.units; // already at the order's scale (nearly always)
        }
        auto r = money::rescale(m.amount, m_scale);
        if (!r.ok()) {
            m_problem = MoneyProblem{"amount " + money::to_string(m.amount) + " does not fit",
                                     "check the order in Seller Central", path()};
            return std::nullopt;
        }
        return r->units;
    }

    std::optional<MoneyProblem> m_problem;
    std::vector<std::string> m_finer;

  private:
    std::string m_currency;
    int32_t m_minor;
    int32_t m_scale;
};

// The pieces of one item's proceeds, as positive magnitudes for discounts.
struct ItemAmounts {
    std::optional<int64_t> item;
    std::optional<int64_t> unit_price;
    int64_t shipping = 0, gift_wrap = 0, other = 0;
    int64_t disc_item = 0, disc_shipping = 0, disc_gift = 0, disc_other = 0;
    int64_t tax_item = 0, tax_shipping = 0, tax_gift = 0, tax_other = 0, tax_discount = 0;
    bool facilitator = false;
    std::optional<std::string> facilitator_party;
    std::vector<std::string> schemes;
};

int64_t magnitude(int64_t v) {
    return v < 0 ? -v : v;
}

void collect_scale(const money::Money& m, int32_t& scale) {
    scale = std::max(scale, m.amount.scale);
}

int32_t finest_scale(const Order& order, int32_t minor) {
    int32_t scale = minor;
    if (order.proceeds && order.proceeds->grand_total) {
        collect_scale(*order.proceeds->grand_total, scale);
    }
    for (const auto& item : order.order_items) {
        if (item.product.unit_price) {
            collect_scale(*item.product.unit_price, scale);
        }
        if (item.proceeds) {
            for (const auto& b : item.proceeds->breakdowns) {
                collect_scale(b.subtotal, scale);
                for (const auto& d : b.detailed_breakdowns) {
                    if (d.value) {
                        collect_scale(*d.value, scale);
                    }
                }
            }
        }
    }
    return std::min(scale, money::k_max_scale);
}

std::string order_currency(const Order& order) {
    if (order.proceeds && order.proceeds->grand_total) {
        return order.proceeds->grand_total->currency;
    }
    for (const auto& item : order.order_items) {
        if (item.product.unit_price) {
            return item.product.unit_price->currency;
        }
        if (item.proceeds) {
            for (const auto& b : item.proceeds->breakdowns) {
                return b.subtotal.currency;
            }
        }
    }
    if (const auto* m = amazon::find_marketplace(order.sales_channel.marketplace_id)) {
        return std::string(m->currency);
    }
    return {};
}

// A breakdown's amounts summed per detailed subtype (a handful: no map nodes, no key copies).
class SubtypeSums {
  public:
    void add(std::string_view subtype, int64_t v) {
        for (auto& [k, sum] : m_sums) {
            if (k == subtype) {
                sum += v;
                return;
            }
        }
        m_sums.emplace_back(subtype, v);
    }
    auto begin() const { return m_sums.begin(); }
    auto end() const { return m_sums.end(); }

  private:
    std::vector<std::pair<std::string_view, int64_t>> m_sums;
};

// Splits a breakdown by its detailed subtypes; without details the whole subtotal goes to
// `fallback`.
template <typename PathText>
void split_detailed(const ProceedsBreakdown& b, const PathText& path, Reader& reader,
                    SubtypeSums& into, std::string_view fallback) {
    if (b.detailed_breakdowns.empty()) {
        if (auto v = reader.units(b.subtotal, [&] { return path() + ".subtotal"; })) {
            into.add(fallback, *v);
        }
        return;
    }
    for (size_t k = 0; k < b.detailed_breakdowns.size(); ++k) {
        const auto& d = b.detailed_breakdowns[k];
        if (!d.value) {
            continue;
        }
        if (auto v = reader.units(*d.value, [&] {
                return path() + ".detailedBreakdowns[" + std::to_string(k) + "].value";
            })) {
            into.add(d.subtype, *v);
        }
    }
}

ItemAmounts read_item(const OrderItem& item, size_t index, Reader& reader) {
    ItemAmounts a;
    // Field paths are spelled out only for a note or a problem.
    const auto base = [index] { return "orderItems[" + std::to_string(index) + "]"; };
    if (item.product.unit_price) {
        a.unit_price = reader.units(*item.product.unit_price,
                                    [&] { return base() + ".product.price.unitPrice"; });
    }
    if (item.proceeds) {
        for (size_t j = 0; j < item.proceeds->breakdowns.size(); ++j) {
            const auto& b = item.proceeds->breakdowns[j];
            const auto path = [&] {
                return base() + ".proceeds.breakdowns[" + std::to_string(j) + "]";
            };
            if (b.type == "TAX") {
                SubtypeSums parts;
                split_detailed(b, path, reader, parts, "ITEM");
                for (const auto& [subtype, v] : parts) {
                    if (subtype == "ITEM") {
                        a.tax_item += v;
                    } else if (subtype == "SHIPPING") {
                        a.tax_shipping += v;
                    } else if (subtype == "GIFT_WRAP") {
                        a.tax_gift += v;
                    } else if (subtype == "DISCOUNT") {
                        a.tax_discount += magnitude(v);
                    } else {
                        a.tax_other += v;
                    }
                }
                continue;
            }
            if (b.type == "DISCOUNT") {
                SubtypeSums parts;
                split_detailed(b, path, reader, parts, "ITEM");
                for (const auto& [subtype, v] : parts) {
                    // Amazon does not document the sign of discounts: magnitudes only.
                    if (subtype == "ITEM") {
                        a.disc_item += magnitude(v);
                    } else if (subtype == "SHIPPING") {
                        a.disc_shipping += magnitude(v);
                    } else if (subtype == "GIFT_WRAP") {
                        a.disc_gift += magnitude(v);
                    } else {
                        a.disc_other += magnitude(v);
                    }
                }
                continue;
            }
            auto v = reader.units(b.subtotal, [&] { return path() + ".subtotal"; });
            if (!v) {
                continue;
            }
            if (b.type == "ITEM") {
                a.item = a.item.value_or(0) + *v;
            } else if (b.type == "SHIPPING") {
                a.shipping += *v;
            } else if (b.type == "GIFT_WRAP") {
                a.gift_wrap += *v;
            } else {
                a.other += *v; // COD_FEE, OTHER
            }
        }
    }
    if (item.tax) {
        a.schemes = item.tax->reporting_schemes;
        for (const auto& c : item.tax->tax_collections) {
            if (c.model && *c.model == "MARKETPLACE_FACILITATOR") {
                a.facilitator = true;
                a.facilitator_party = c.responsible_party;
            }
        }
    }
    return a;
}

std::string decimal_text(const money::Decimal& d) {
    return money::to_string(money::normalized(d));
}

std::optional<int64_t> vat_from_gross(int64_t gross, const money::Decimal& rate) {
    // gross * r / (100 + r), r = rate.units / 10^rate.scale
    const i128 scale = pow10(rate.scale);
    const i128 den = 100 * scale + rate.units;
    if (den <= 0) {
        return std::nullopt;
    }
    const i128 v = div_round(static_cast<i128>(gross) * rate.units, den);
    return fits(v) ? std::optional<int64_t>(static_cast<int64_t>(v)) : std::nullopt;
}

} // namespace

std::string MoneyPlan::text(int64_t units) const {
    return money::to_string(money::Decimal{units, scale});
}

bool prices_include_tax(const Order& order, const OrderSettings& store) {
    switch (store.taxes.prices_include_tax) {
    case PricesIncludeTax::yes:
        return true;
    case PricesIncludeTax::no:
        return false;
    case PricesIncludeTax::auto_by_marketplace:
        break;
    }
    if (const auto* m = amazon::find_marketplace(order.sales_channel.marketplace_id)) {
        return m->vat_inclusive;
    }
    return store.primary_marketplace != nullptr && store.primary_marketplace->vat_inclusive;
}

std::optional<money::Decimal> derive_rate(int64_t base, int64_t tax) {
    if (base <= 0 || tax < 0) {
        return std::nullopt;
    }
    if (tax == 0) {
        return money::Decimal{0, 0};
    }
    for (int32_t d = 0; d <= 4; ++d) {
        const i128 unit = static_cast<i128>(100) * pow10(d);
        const i128 guess = div_round(static_cast<i128>(tax) * unit, base);
        // The nearest candidate first: at this many decimals it is the exact rate when one exists.
        for (const i128 c : {guess, guess - 1, guess + 1}) {
            if (c < 0) {
                continue;
            }
            if (div_round(static_cast<i128>(base) * c, unit) == tax && fits(c)) {
                return money::normalized(money::Decimal{static_cast<int64_t>(c), d});
            }
        }
    }
    return std::nullopt;
}

namespace {

// Every item's amounts read at the plan's scale, with whether Amazon sent any tax.
struct ReadItems {
    std::vector<ItemAmounts> items;
    bool amazon_tax = false;
    bool facilitator = false; // some item's tax is collected by Amazon (marketplace facilitator)
};

ReadItems read_items(const Order& order, Reader& reader, MoneyPlan& plan) {
    ReadItems out;
    for (size_t i = 0; i < order.order_items.size(); ++i) {
        out.items.push_back(read_item(order.order_items[i], i, reader));
        const auto& a = out.items.back();
        out.amazon_tax = out.amazon_tax || a.tax_item != 0 || a.tax_shipping != 0 ||
                         a.tax_gift != 0 || a.tax_other != 0 || a.tax_discount != 0;
        if (a.facilitator) {
            out.facilitator = true;
            plan.facilitator_party = a.facilitator_party;
        }
    }
    return out;
}

// VAT-inclusive marketplace without Amazon tax: derive VAT from the host's product rate.
void vat_from_product_rates(std::vector<ItemAmounts>& items,
                            const std::vector<std::optional<money::Decimal>>& product_rates,
                            MoneyPlan& plan) {
    std::optional<money::Decimal> common;
    bool all_known = !items.empty();
    for (size_t i = 0; i < items.size(); ++i) {
        const auto rate = i < product_rates.size() ? product_rates[i] : std::nullopt;
        if (!rate) {
            all_known = false;
            continue;
        }
        auto& a = items[i];
        a.tax_item = vat_from_gross(a.item.value_or(0), *rate).value_or(0);
        a.tax_discount = vat_from_gross(a.disc_item, *rate).value_or(0);
        if (common && !(*common == *rate)) {
            all_known = false;
        }
        common = rate;
    }
    if (all_known && common) {
        // Shipping and gift wrap follow the goods' rate when every line has the same one.
        for (auto& a : items) {
            a.tax_shipping = vat_from_gross(a.shipping, *common).value_or(0);
            a.tax_gift = vat_from_gross(a.gift_wrap, *common).value_or(0);
        }
    } else {
        plan.notes.push_back(
            "prices include VAT but Amazon sent no tax and not every product has a host tax "
            "rate: lines without a rate keep gross prices, charges keep gross amounts");
    }
}

// The seller's tax on one line and its rate text, by tax mode.
struct LineTax {
    std::optional<int64_t> seller_tax; // unset when taxes are ignored
    std::optional<std::string> rate_text;
};

// Prices the items one by one into `plan`, summing the order's charges and tax on the way.
class Pricer {
  public:
    Pricer(const Order& order, const OrderSettings& store, bool facilitator, MoneyPlan& plan)
        : m_order(order), m_store(store), m_plan(plan), m_mode(store.taxes.mode),
          m_inclusive(plan.prices_include_tax), m_facilitator(facilitator) {}

    std::optional<MoneyProblem> price_item(size_t i, const ItemAmounts& a);
    void add_charges();
    int64_t all_tax() const { return m_all_tax; }

  private:
    std::optional<MoneyProblem> gross_of(const ItemAmounts& a, int64_t q, const std::string& base,
                                         int64_t& gross);
    LineTax line_tax(int64_t tax, int64_t taxable, const std::string& base);
    std::optional<std::string> tax_code_for(const ItemAmounts& a,
                                            const std::optional<std::string>& rate) const;
    void add_lines(size_t i, int64_t q, int64_t net, int64_t net_disc, const LineTax& tax,
                   const std::optional<std::string>& code, const std::string& base);
    void add_item_charges(const ItemAmounts& a, bool split_vat);
    PricedCharge untaxed(PricedCharge charge) const;

    const Order& m_order;
    const OrderSettings& m_store;
    MoneyPlan& m_plan;
    const TaxMode m_mode;
    const bool m_inclusive;
    const bool m_facilitator;
    int64_t m_all_tax = 0; // every tax amount found (for vat_tax)
    int64_t m_tax_for_charge = 0;
    std::array<int64_t, 3> m_charge_net{0, 0, 0}; // shipping, gift wrap, other
    std::array<int64_t, 3> m_charge_tax{0, 0, 0};
    int64_t m_charge_discount = 0;
};

std::optional<MoneyProblem> Pricer::price_item(size_t i, const ItemAmounts& a) {
    const std::string base = "orderItems[" + std::to_string(i) + "]";
    const int64_t q = m_order.order_items[i].quantity_ordered;
    if (q == 0) {
        // A line Amazon cancelled inside a live order: nothing to sell. Any amount it still
        // carries shows up as a residual against Amazon's total.
        m_plan.notes.push_back(base + ": quantity 0 (cancelled line) left out");
        return std::nullopt;
    }
    if (q < 0) {
        return MoneyProblem{"quantity " + std::to_string(q) + " is not positive",
                            "check the order in Seller Central", base + ".quantityOrdered"};
    }
    int64_t gross = 0;
    if (auto problem = gross_of(a, q, base, gross)) {
        return problem;
    }
    const int64_t tax = a.tax_item - a.tax_discount;
    m_all_tax += tax + a.tax_shipping + a.tax_gift + a.tax_other;
    const bool split_vat = m_inclusive && m_mode != TaxMode::ignore;
    const int64_t net = split_vat ? gross - a.tax_item : gross;
    const int64_t net_disc = split_vat ? a.disc_item - a.tax_discount : a.disc_item;
    const LineTax taxed = line_tax(tax, net - net_disc, base);
    // Outside line mode every line is at 0 % with the store's "no tax" code (Unleashed's NONE).
    const std::optional<std::string> code = m_mode == TaxMode::line
                                                ? tax_code_for(a, taxed.rate_text)
                                                : std::optional(m_store.taxes.no_tax_code);
    add_lines(i, q, net, net_disc, taxed, code, base);
    add_item_charges(a, split_vat);
    return std::nullopt;
}

// The line's gross total: Amazon's ITEM proceeds, else unit price x quantity.
std::optional<MoneyProblem> Pricer::gross_of(const ItemAmounts& a, int64_t q,
                                             const std::string& base, int64_t& gross) {
    if (a.item) {
        gross = *a.item;
        if (a.unit_price && static_cast<i128>(*a.unit_price) * q != gross) {
            m_plan.notes.push_back(base + ": unit price " + m_plan.text(*a.unit_price) + " x " +
                                   std::to_string(q) + " differs from Amazon's line total " +
                                   m_plan.text(gross) + "; the line total is used");
        }
    } else if (a.unit_price) {
        const i128 g = static_cast<i128>(*a.unit_price) * q;
        if (!fits(g)) {
            return MoneyProblem{"line total does not fit", "check the order",
                                base + ".product.price.unitPrice"};
        }
        gross = static_cast<int64_t>(g);
    } else {
        return MoneyProblem{"the item has no price",
                            "wait until Amazon sends prices, then run retry_failed_orders",
                            base + ".product.price.unitPrice"};
    }
    if (gross < 0) {
        return MoneyProblem{"line total " + m_plan.text(gross) + " is negative",
                            "check the order in Seller Central", base + ".proceeds.breakdowns"};
    }
    return std::nullopt;
}

LineTax Pricer::line_tax(int64_t tax, int64_t taxable, const std::string& base) {
    LineTax out;
    if (m_mode == TaxMode::ignore) {
        out = {0, "0"};
        if (!m_inclusive) {
            m_plan.excluded_tax += tax;
        }
    } else if (m_facilitator) {
        out = {0, "0"};
        m_plan.facilitator_tax += tax;
        m_plan.excluded_tax += tax;
    } else if (m_mode == TaxMode::order_charge) {
        out = {0, "0"};
        m_tax_for_charge += tax;
    } else {
        out.seller_tax = tax;
        if (auto r = derive_rate(taxable, tax)) {
            out.rate_text = decimal_text(*r);
        } else {
            m_plan.notes.push_back(base + ": no rate up to 4 decimals reproduces tax " +
                                   m_plan.text(tax) + " on " + m_plan.text(taxable) +
                                   "; the line carries the amount without a rate");
        }
    }
    return out;
}

std::optional<std::string> Pricer::tax_code_for(const ItemAmounts& a,
                                                const std::optional<std::string>& rate) const {
    // Looked up in this order: the item's reporting schemes, the facilitator, the rate, "default".
    static const std::string k_facilitator = "MARKETPLACE_FACILITATOR";
    static const std::string k_default = "default";
    const auto& codes = m_store.taxes.tax_codes;
    const auto code_of = [&codes](const std::string& key) -> const std::string* {
        const auto it = codes.find(key);
        return it != codes.end() ? &it->second : nullptr;
    };
    const std::string* found = nullptr;
    for (size_t k = 0; k < a.schemes.size() && found == nullptr; ++k) {
        found = code_of(a.schemes[k]);
    }
    if (found == nullptr && a.facilitator) {
        found = code_of(k_facilitator);
    }
    if (found == nullptr && rate) {
        found = code_of(*rate);
    }
    if (found == nullptr) {
        found = code_of(k_default);
    }
    return found != nullptr ? std::optional<std::string>(*found) : std::nullopt;
}

// Exact unit prices: the net total split over the quantity by largest remainder, which for
// equal weights puts one extra unit on the first `rem` pieces (two lines at most).
void Pricer::add_lines(size_t i, int64_t q, int64_t net, int64_t net_disc, const LineTax& tax,
                       const std::optional<std::string>& code, const std::string& base) {
    const int64_t unit = net / q;
    const int64_t rem = net % q;
    std::array<std::pair<int64_t, int64_t>, 2> parts{}; // (quantity, unit price)
    size_t part_count = 1;
    if (rem == 0) {
        parts[0] = {q, unit};
    } else {
        parts = {std::pair{rem, unit + 1}, std::pair{q - rem, unit}};
        part_count = 2;
        // Frequent (most VAT-inclusive nets do not divide): one string, appended in place.
        std::string& note = m_plan.notes.emplace_back();
        note.reserve(base.size() + 112);
        note += base;
        note += ": net line ";
        note += m_plan.text(net);
        note += " does not divide by ";
        note += std::to_string(q);
        note += "; split into ";
        note += std::to_string(rem);
        note += " x ";
        note += m_plan.text(unit + 1);
        note += " and ";
        note += std::to_string(q - rem);
        note += " x ";
        note += m_plan.text(unit);
    }
    // Discount and tax over the parts by largest remainder; one part takes the whole amount
    // (what allocate gives for a single weight), and so does the first when allocate cannot.
    std::array<int64_t, 2> disc_parts{net_disc, 0};
    std::array<int64_t, 2> tax_parts{tax.seller_tax.value_or(0), 0};
    if (part_count > 1) {
        disc_parts = money::allocate_two(net_disc, parts[0].first, parts[1].first);
        tax_parts = money::allocate_two(tax_parts[0], parts[0].first, parts[1].first);
    }
    for (size_t k = 0; k < part_count; ++k) {
        PricedLine line;
        line.item_index = i;
        line.quantity = parts[k].first;
        line.unit_price = parts[k].second;
        line.discount = disc_parts[k];
        if (tax.seller_tax) {
            line.tax = tax_parts[k];
        }
        line.tax_rate = tax.rate_text;
        line.tax_code = code;
        m_plan.lines.push_back(std::move(line));
    }
}

void Pricer::add_item_charges(const ItemAmounts& a, bool split_vat) {
    const std::array<int64_t, 3> gross_charge{a.shipping, a.gift_wrap, a.other};
    const std::array<int64_t, 3> tax_charge{a.tax_shipping, a.tax_gift, a.tax_other};
    for (size_t k = 0; k < 3; ++k) {
        m_charge_net[k] += split_vat ? gross_charge[k] - tax_charge[k] : gross_charge[k];
        if (m_mode == TaxMode::ignore) {
            if (!m_inclusive) {
                m_plan.excluded_tax += tax_charge[k];
            }
        } else if (m_facilitator) {
            m_plan.facilitator_tax += tax_charge[k];
            m_plan.excluded_tax += tax_charge[k];
        } else if (m_mode == TaxMode::order_charge) {
            m_tax_for_charge += tax_charge[k];
        } else {
            m_charge_tax[k] += tax_charge[k];
        }
    }
    m_charge_discount += a.disc_shipping + a.disc_gift + a.disc_other;
}

// Shipping (named by shipping.default_method, else the service level), gift wrap and other
// charges; promotions on them as one negative charge; order_charge tax as one charge.
void Pricer::add_charges() {
    const std::string shipping_name =
        m_store.shipping.default_method ? *m_store.shipping.default_method
        : (m_order.fulfillment && m_order.fulfillment->fulfillment_service_level)
            ? *m_order.fulfillment->fulfillment_service_level
            : std::string("Shipping");
    const std::array<const char*, 3> kinds{"shipping", "gift_wrap", "other"};
    const std::array<std::string, 3> names{shipping_name, "Gift wrap", "Other charges"};
    for (size_t k = 0; k < 3; ++k) {
        if (m_charge_net[k] == 0 && m_charge_tax[k] == 0) {
            continue;
        }
        PricedCharge c{kinds[k], names[k], m_charge_net[k], std::nullopt, {}, {}};
        if (m_mode == TaxMode::line && !m_facilitator) {
            c.tax = m_charge_tax[k];
        }
        m_plan.charges.push_back(untaxed(std::move(c)));
    }
    if (m_charge_discount != 0) {
        m_plan.charges.push_back(untaxed(PricedCharge{
            "discount", "Amazon promotion (shipping, gift wrap)", -m_charge_discount, {}, {}, {}}));
    }
    if (m_mode == TaxMode::order_charge && m_tax_for_charge != 0) {
        m_plan.charges.push_back(
            untaxed(PricedCharge{"tax", "Amazon tax", m_tax_for_charge, std::nullopt, {}, {}}));
    }
}

// Outside line mode a charge is at 0 % with the store's "no tax" code, like the lines.
PricedCharge Pricer::untaxed(PricedCharge charge) const {
    if (m_mode != TaxMode::line) {
        charge.tax = 0;
        charge.tax_rate = "0";
        charge.tax_code = m_store.taxes.no_tax_code;
    }
    return charge;
}

// The order's totals, VAT and residual against Amazon's total.
std::optional<MoneyProblem> add_totals(MoneyPlan& plan, int64_t all_tax) {
    i128 subtotal = 0;
    i128 charges = 0;
    i128 tax = 0;
    for (const auto& l : plan.lines) {
        subtotal += static_cast<i128>(l.unit_price) * l.quantity - l.discount;
        tax += l.tax.value_or(0);
    }
    for (const auto& c : plan.charges) {
        if (c.kind == "tax") {
            tax += c.amount;
        } else {
            charges += c.amount;
            tax += c.tax.value_or(0);
        }
    }
    const i128 total = subtotal + charges + tax;
    if (!fits(subtotal) || !fits(charges) || !fits(tax) || !fits(total)) {
        return MoneyProblem{"order amounts do not fit", "check the order in Seller Central",
                            "orderItems"};
    }
    plan.subtotal = static_cast<int64_t>(subtotal);
    plan.charges_total = static_cast<int64_t>(charges);
    plan.tax_total = static_cast<int64_t>(tax);
    plan.total = static_cast<int64_t>(total);
    if (plan.prices_include_tax && all_tax != 0) {
        plan.vat = all_tax;
    }
    if (plan.amazon_total) {
        const int64_t residual = *plan.amazon_total - (plan.total + plan.excluded_tax);
        if (residual != 0) {
            plan.residual = residual;
        }
    }
    return std::nullopt;
}

MoneyOutcome problem(MoneyProblem problem) {
    MoneyOutcome out;
    out.problem = std::move(problem);
    return out;
}

} // namespace

MoneyOutcome price_order(const Order& order, const OrderSettings& store,
                         const std::vector<std::optional<money::Decimal>>& product_rates) {
    MoneyPlan plan;
    plan.currency = order_currency(order);
    const auto minor = amazon::currency_minor_units(plan.currency);
    if (!minor) {
        return problem({"unknown currency '" + plan.currency + "'",
                        "check the order in Seller Central", "proceeds.grandTotal"});
    }
    plan.scale = finest_scale(order, *minor);
    plan.prices_include_tax = prices_include_tax(order, store);
    Reader reader(plan.currency, *minor, plan.scale);
    ReadItems read = read_items(order, reader, plan);
    if (order.proceeds && order.proceeds->grand_total) {
        plan.amazon_total = reader.units(*order.proceeds->grand_total, "proceeds.grandTotal");
    }
    if (reader.m_problem) {
        return problem(*reader.m_problem);
    }
    plan.finer_than_currency = reader.m_finer;
    if (plan.prices_include_tax && !read.amazon_tax) {
        vat_from_product_rates(read.items, product_rates, plan);
    }
    Pricer pricer(order, store, read.facilitator, plan);
    for (size_t i = 0; i < read.items.size(); ++i) {
        if (auto stop = pricer.price_item(i, read.items[i])) {
            return problem(std::move(*stop));
        }
    }
    pricer.add_charges();
    if (auto stop = add_totals(plan, pricer.all_tax())) {
        return problem(std::move(*stop));
    }
    MoneyOutcome out;
    out.plan = std::move(plan);
    return out;
}

} // namespace amzconn::orders
