#include "stock/price_import.hpp"

#include "base/marketplaces.hpp"
#include "base/money.hpp"
#include "engine/job_names.hpp"
#include "host/stock_host_data.hpp"
#include "orders/order_settings.hpp"
#include "orders/products.hpp"
#include "stock/listings_report.hpp"
#include "stock/price_tier.hpp"

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

PriceImport::PriceImport(EngineContext& context)
    : m_context(context), m_host(context.host), m_store(context.store) {}

Result<std::string> PriceImport::tier_name() const {
    if (!m_store.products.price_tier || m_store.products.price_tier->empty()) {
        return Error{Status::bad_input,
                     std::string(job_names::import_prices) +
                         " needs products.price_tier in the store's config: name the "
                         "host price tier that receives Amazon's prices"};
    }
    const std::string& name = *m_store.products.price_tier;
    if (export_tiers(m_store.prices).contains(name)) {
        return Error{Status::bad_input,
                     "products.price_tier '" + name +
                         "' is also a tier this store exports to Amazon (prices.tiers or "
                         "prices.default_tier): importing into it would loop Amazon's prices "
                         "back to Amazon. Name another tier in products.price_tier"};
    }
    return name;
}

Result<HostPriceTier>
PriceImport::read_tier(const std::string& name,
                       const std::vector<const amazon::Marketplace*>& marketplaces) {
    TRY_ASSIGN(auto existing, read_price_tier(m_host, name));
    m_tier_exists = existing.has_value();
    if (existing) {
        return std::move(*existing);
    }
    // The host has no such tier yet: it starts in the primary marketplace's currency.
    HostPriceTier tier;
    tier.name = name;
    tier.currency = std::string(marketplaces.front()->currency);
    tier.document = {{"name", name}, {"currency", tier.currency}};
    return tier;
}

Result<JobReport> PriceImport::run() {
    const auto job = job_names::import_prices;
    m_started_ms = m_host.now_ms();
    TRY_ASSIGN(const auto name, tier_name());
    std::vector<const amazon::Marketplace*> marketplaces;
    if (m_store.marketplaces.primary) {
        marketplaces.push_back(m_store.marketplaces.primary);
    }
    marketplaces.insert(marketplaces.end(), m_store.marketplaces.further.begin(),
                        m_store.marketplaces.further.end());
    if (marketplaces.empty()) {
        return Error{Status::bad_input, "the store has no marketplaces: nothing to import"};
    }
    TRY_ASSIGN(m_tier, read_tier(name, marketplaces));
    TRY_ASSIGN(const auto products, read_products(m_host));
    m_match = listing_match(m_store.products);
    m_by_sku = products_by_sku(products, m_match.field, m_ambiguous);
    m_prices = m_tier.prices;
    JobReport report = m_context.start_report(job);
    report.started_ms = m_started_ms;
    for (const auto* m : marketplaces) {
        if (m->currency != m_tier.currency) {
            ++m_counts.skipped_marketplaces;
            m_messages.push_back(std::string(m->name) + " sells in " + std::string(m->currency) +
                                 " but price tier '" + name + "' is in " + m_tier.currency +
                                 ": its prices were not imported");
            continue;
        }
        auto table = read_listings_report(m_context, std::string(m->id), job);
        if (!table) {
            if (table.status() == Status::retry_later) {
                report.status = "retry_later";
                report.messages = {table.error().message};
                report.retry_after_s = 300;
                return m_context.finish(std::move(report));
            }
            return table.error();
        }
        if (*table) {
            TRY(import_rows(*m, **table));
        }
    }
    TRY(write_tier());
    m_host.log(LogLevel::info, m_store.alias, "",
               std::string(job) + ": " + std::to_string(m_counts.imported) +
                   " price(s) written to tier '" + name + "', " +
                   std::to_string(m_counts.unchanged) + " unchanged, " +
                   std::to_string(m_counts.unknown) + " unknown " +
                   std::string(m_match.key_name()) + "(s), " + std::to_string(m_counts.skipped) +
                   " skipped");
    report.status = m_counts.failed > 0 ? "partial" : "ok";
    report.counts = {
        {"imported", m_counts.imported}, {"unchanged", m_counts.unchanged},
        {"unknown", m_counts.unknown},   {"skipped", m_counts.skipped},
        {"failed", m_counts.failed},     {"skipped_marketplaces", m_counts.skipped_marketplaces}};
    report.messages = std::move(m_messages);
    report.extra = {{"tier", name}};
    return m_context.finish(std::move(report));
}

Outcome PriceImport::import_rows(const amazon::Marketplace& m, const spapi::TsvTable& table) {
    const std::string marketplace(m.id);
    const auto sku_col = table.column("seller-sku");
    const auto price_col = table.column("price");
    if (!sku_col || !price_col) {
        return Error{Status::bad_input,
                     "Amazon's listings report for " + marketplace +
                         " has no seller-sku or price column: nothing was imported"};
    }
    // A listing's key (its SKU after products.sku_crop, or its ASIN) finds the host's product,
    // as in order import and stock export.
    const auto asin_col = table.column("asin1");
    const std::string no_asin;
    for (const auto& row : table.rows) {
        const std::string& sku = row.at(*sku_col);
        const std::string& amount = row.at(*price_col);
        TRY_ASSIGN(const auto key, m_match.key_of(sku, asin_col ? row.at(*asin_col) : no_asin));
        auto product = key.empty() ? m_by_sku.end() : m_by_sku.find(key);
        if (product == m_by_sku.end()) {
            ++m_counts.unknown;
            if (m_ambiguous.contains(key)) {
                m_messages.push_back(std::string(m_match.key_name()) + " " + key +
                                     (key == sku ? "" : " (listing " + sku + ")") +
                                     " belongs to more than one host product: not imported");
            }
            continue;
        }
        const std::string& code = product->second;
        if (amount.empty()) {
            ++m_counts.skipped; // an offer without a price (e.g. inactive)
            continue;
        }
        auto price = stock::import_price(code, m_tier.name, m_tier.currency, marketplace, amount,
                                         m.currency);
        if (!price) {
            ++m_counts.skipped;
            ++m_counts.failed;
            m_host.log(LogLevel::error, m_store.alias, sku, "prices: " + price.error().message);
            m_messages.push_back(price.error().message);
            continue;
        }
        if (auto first = m_seen.find(code); first != m_seen.end()) {
            // Two marketplaces of the same currency: the first one (primary first) wins.
            if (!same_amount(m_prices[code], price->amount)) {
                ++m_counts.skipped;
                m_messages.push_back("product " + code + " costs " + price->amount + " in " +
                                     marketplace + " but " + m_prices[code] + " in " +
                                     first->second + ": tier '" + m_tier.name + "' keeps " +
                                     m_prices[code]);
            }
            continue;
        }
        m_seen.emplace(code, marketplace);
        auto current = m_prices.find(code);
        if (current != m_prices.end() && same_amount(current->second, price->amount)) {
            ++m_counts.unchanged;
            continue;
        }
        m_prices[code] = price->amount;
        ++m_counts.imported;
    }
    return {};
}

// One write for the tier: products Amazon did not list keep their prices.
Outcome PriceImport::write_tier() {
    if (m_counts.imported == 0 && m_tier_exists) {
        return {};
    }
    json::object doc = m_tier.document;
    json::object map;
    if (const auto* old = doc.if_contains("prices"); old && old->is_object()) {
        map = old->as_object();
    }
    for (const auto& [code, amount] : m_prices) {
        map[code] = amount;
    }
    doc["prices"] = std::move(map);
    TRY(m_host.entity_upsert("price_tier", m_tier.name, json::serialize(doc)));
    return {};
}

} // namespace amzconn::plugin
