#include "host/price_tiers.hpp"

#include "base/marketplaces.hpp"
#include "host/host_json.hpp"
#include "stock/attribute_rules.hpp"
#include "stock/price_tier.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

std::optional<std::string> export_tier_of(const config::Prices& prices,
                                          std::string_view marketplace_id) {
    for (const auto& [country, tier] : prices.tiers) {
        const amazon::Marketplace* m = amazon::find_marketplace(country);
        if (m != nullptr && m->id == marketplace_id) {
            return tier;
        }
    }
    return prices.default_tier;
}

std::set<std::string> export_tiers(const config::Prices& prices) {
    std::set<std::string> out;
    for (const auto& [country, tier] : prices.tiers) {
        out.insert(tier);
    }
    if (prices.default_tier) {
        out.insert(*prices.default_tier);
    }
    return out;
}

Result<std::optional<HostPriceTier>> read_price_tier(HostServices& host, std::string_view name) {
    TRY_ASSIGN(auto found, query_entities(host, "price_tier", {{"name", name}}));
    for (const auto& doc : found) {
        if (!doc.is_object() || text_field(doc.as_object(), "name") != name) {
            continue;
        }
        HostPriceTier tier;
        tier.document = doc.as_object();
        tier.document.erase("id"); // the host's, added on query; not part of what is written
        tier.name = std::string(name);
        tier.currency = text_field(tier.document, "currency");
        if (const auto* prices = tier.document.if_contains("prices");
            prices && prices->is_object()) {
            for (const auto& [code, amount] : prices->as_object()) {
                if (amount.is_string()) {
                    tier.prices.emplace(std::string(code), std::string(amount.as_string()));
                }
            }
        }
        return std::optional<HostPriceTier>(std::move(tier));
    }
    return std::optional<HostPriceTier>();
}

std::map<std::string, std::string> products_by_sku(const std::vector<stock::Product>& products,
                                                   const orders::KeyField& sku_field,
                                                   std::set<std::string>& ambiguous) {
    std::map<std::string, std::string> out;
    for (const auto& p : products) {
        const std::string sku = stock::seller_sku(p, sku_field);
        auto [it, inserted] = out.emplace(sku, p.code);
        if (!inserted && it->second != p.code) {
            ambiguous.insert(sku);
        }
    }
    for (const auto& sku : ambiguous) {
        out.erase(sku);
    }
    return out;
}

ExportPrices::ExportPrices(HostServices& host, const config::Prices& prices)
    : m_host(host), m_prices(prices) {}

Result<stock::PriceValue> ExportPrices::price_of(const std::string& product_code,
                                                 const std::string& marketplace_id) {
    const amazon::Marketplace* marketplace = amazon::find_marketplace(marketplace_id);
    const std::string where =
        marketplace != nullptr
            ? std::string(marketplace->name) + " (" + std::string(marketplace->country_code) + ")"
            : marketplace_id;
    auto name = export_tier_of(m_prices, marketplace_id);
    if (!name) {
        return Error{Status::bad_input,
                     "no price tier is mapped to " + where + ": add prices.tiers." +
                         (marketplace != nullptr ? std::string(marketplace->country_code)
                                                 : std::string("<country>")) +
                         " or prices.default_tier"};
    }
    auto cached = m_tiers.find(*name);
    if (cached == m_tiers.end()) {
        TRY_ASSIGN(auto read, read_price_tier(m_host, *name));
        cached = m_tiers.emplace(*name, std::move(read)).first;
    }
    if (!cached->second) {
        return Error{Status::bad_input, "price tier '" + *name + "' (mapped to " + where +
                                            ") does not exist in the host: create it or map "
                                            "another tier in prices.tiers"};
    }
    const HostPriceTier& tier = *cached->second;
    auto price = tier.prices.find(product_code);
    if (price == tier.prices.end()) {
        return Error{Status::bad_input, "product " + product_code + " has no price in tier '" +
                                            *name + "' (mapped to " + where +
                                            "): add its price to the tier"};
    }
    return stock::export_price({product_code, tier.name, tier.currency, price->second},
                               marketplace_id);
}

} // namespace amzconn::plugin
