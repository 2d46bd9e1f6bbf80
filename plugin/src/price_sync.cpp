// Price export (host price tier -> Amazon purchasable_offer) and import (Amazon -> host tier).
// The export is the stock engine's push with prices on: one computation per listing carries the
// availability and the price, so one last-sent state keeps both in order.
#include "base/marketplaces.hpp"
#include "base/money.hpp"
#include "price_tiers.hpp"
#include "stock/price_tier.hpp"
#include "stock_export.hpp"
#include "stock_host_data.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

bool same_amount(std::string_view a, std::string_view b) {
    auto x = money::parse_decimal(a);
    auto y = money::parse_decimal(b);
    return x && y && money::compare(*x, *y) == 0;
}

} // namespace

Result<std::string> StockExport::export_prices(const std::map<std::string, std::string>& args) {
    return full_pass("export_prices", m_store.prices.enabled,
                     "price export is disabled for this store (prices.enabled: false)", args);
}

Result<std::string> StockExport::import_prices(const std::map<std::string, std::string>&) {
    m_started_ms = m_host.now_ms();
    if (!m_store.products.price_tier || m_store.products.price_tier->empty()) {
        return Error{Status::bad_input,
                     "import_prices needs products.price_tier in the store's config: name the "
                     "host price tier that receives Amazon's prices"};
    }
    const std::string& tier_name = *m_store.products.price_tier;
    if (export_tiers(m_store.prices).contains(tier_name)) {
        return Error{Status::bad_input,
                     "products.price_tier '" + tier_name +
                         "' is also a tier this store exports to Amazon (prices.tiers or "
                         "prices.default_tier): importing into it would loop Amazon's prices "
                         "back to Amazon. Name another tier in products.price_tier"};
    }
    std::vector<const amazon::Marketplace*> marketplaces;
    if (m_store.marketplaces.primary) {
        marketplaces.push_back(m_store.marketplaces.primary);
    }
    marketplaces.insert(marketplaces.end(), m_store.marketplaces.further.begin(),
                        m_store.marketplaces.further.end());
    if (marketplaces.empty()) {
        return Error{Status::bad_input, "the store has no marketplaces: nothing to import"};
    }

    auto existing = read_price_tier(m_host, tier_name);
    if (!existing) {
        return existing.error();
    }
    HostPriceTier tier;
    if (*existing) {
        tier = std::move(**existing);
    } else {
        // The host has no such tier yet: it starts in the primary marketplace's currency.
        tier.name = tier_name;
        tier.currency = std::string(marketplaces.front()->currency);
        tier.document = {{"name", tier_name}, {"currency", tier.currency}};
    }
    auto products = read_products(m_host);
    if (!products) {
        return products.error();
    }
    std::set<std::string> ambiguous;
    const auto by_sku =
        products_by_sku(*products, m_store.products.sku_attribute.value_or(""), ambiguous);

    int64_t imported = 0, unchanged = 0, unknown = 0, skipped = 0, failed = 0;
    int64_t skipped_marketplaces = 0;
    std::vector<std::string> messages;
    std::map<std::string, std::string> seen; // product -> marketplace its price came from
    std::map<std::string, std::string> prices = tier.prices;
    for (const auto* m : marketplaces) {
        const std::string marketplace(m->id);
        if (m->currency != tier.currency) {
            ++skipped_marketplaces;
            messages.push_back(std::string(m->name) + " sells in " + std::string(m->currency) +
                               " but price tier '" + tier_name + "' is in " + tier.currency +
                               ": its prices were not imported");
            continue;
        }
        auto table = listings_report(marketplace, "import_prices");
        if (!table) {
            if (table.status() == Status::retry_later) {
                return report("import_prices", "retry_later", {}, {table.error().message}, 300);
            }
            return table.error();
        }
        if (!*table) {
            continue; // no listings there
        }
        const auto sku_col = (*table)->column("seller-sku");
        const auto price_col = (*table)->column("price");
        if (!sku_col || !price_col) {
            return Error{Status::bad_input,
                         "Amazon's listings report for " + marketplace +
                             " has no seller-sku or price column: nothing was imported"};
        }
        for (const auto& row : (*table)->rows) {
            const std::string& sku = row.at(*sku_col);
            const std::string& amount = row.at(*price_col);
            auto product = by_sku.find(sku);
            if (product == by_sku.end()) {
                ++unknown;
                if (ambiguous.contains(sku)) {
                    messages.push_back("SKU " + sku +
                                       " belongs to more than one host product: not imported");
                }
                continue;
            }
            const std::string& code = product->second;
            if (amount.empty()) {
                ++skipped; // an offer without a price (e.g. inactive)
                continue;
            }
            auto price = stock::import_price(code, tier_name, tier.currency, marketplace, amount,
                                             m->currency);
            if (!price) {
                ++skipped;
                ++failed;
                m_host.log(LogLevel::error, m_store.alias, sku, "prices: " + price.error().message);
                messages.push_back(price.error().message);
                continue;
            }
            if (auto first = seen.find(code); first != seen.end()) {
                // Two marketplaces of the same currency: the first one (primary first) wins.
                if (!same_amount(prices[code], price->amount)) {
                    ++skipped;
                    messages.push_back("product " + code + " costs " + price->amount + " in " +
                                       marketplace + " but " + prices[code] + " in " +
                                       first->second + ": tier '" + tier_name + "' keeps " +
                                       prices[code]);
                }
                continue;
            }
            seen.emplace(code, marketplace);
            auto current = prices.find(code);
            if (current != prices.end() && same_amount(current->second, price->amount)) {
                ++unchanged;
                continue;
            }
            prices[code] = price->amount;
            ++imported;
        }
    }
    if (imported > 0 || !*existing) {
        // One write for the tier: products Amazon did not list keep their prices.
        json::object doc = tier.document;
        json::object map;
        if (const auto* old = doc.if_contains("prices"); old && old->is_object()) {
            map = old->as_object();
        }
        for (const auto& [code, amount] : prices) {
            map[code] = amount;
        }
        doc["prices"] = std::move(map);
        if (auto up = m_host.entity_upsert("price_tier", tier_name, json::serialize(doc)); !up) {
            return up.error();
        }
    }
    m_host.log(LogLevel::info, m_store.alias, "",
               "import_prices: " + std::to_string(imported) + " price(s) written to tier '" +
                   tier_name + "', " + std::to_string(unchanged) + " unchanged, " +
                   std::to_string(unknown) + " unknown SKU(s), " + std::to_string(skipped) +
                   " skipped");
    const json::object counts{
        {"imported", imported}, {"unchanged", unchanged},
        {"unknown", unknown},   {"skipped", skipped},
        {"failed", failed},     {"skipped_marketplaces", skipped_marketplaces}};
    return report("import_prices", failed > 0 ? "partial" : "ok", counts, std::move(messages), -1,
                  {{"tier", tier_name}});
}

} // namespace amzconn::plugin
