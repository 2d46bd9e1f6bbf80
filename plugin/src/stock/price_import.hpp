// import_prices: Amazon's prices (from each marketplace's merchant listings report) into the host
// price tier named by products.price_tier, in one write; the first marketplace of the tier's
// currency wins (primary first). The export direction is StockExport's push with prices on.
#pragma once

#include "engine/engine_context.hpp"
#include "host/price_tiers.hpp"
#include "host/stock_host_data.hpp"
#include "spapi/tsv.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace amzconn::plugin {

class PriceImport {
  public:
    explicit PriceImport(EngineContext& context);

    Result<JobReport> run();

  private:
    struct Counts {
        int64_t imported = 0, unchanged = 0, unknown = 0, skipped = 0, failed = 0;
        int64_t skipped_marketplaces = 0;
    };
    // The tier named by products.price_tier, or why it cannot receive Amazon's prices.
    Result<std::string> tier_name() const;
    Result<HostPriceTier> read_tier(const std::string& name,
                                    const std::vector<const amazon::Marketplace*>& marketplaces);
    // One marketplace's report rows into `prices`.
    Outcome import_rows(const amazon::Marketplace& marketplace, const spapi::TsvTable& table);
    Outcome write_tier();

    EngineContext& m_context;
    HostServices& m_host;
    const config::StoreConfig& m_store;
    int64_t m_started_ms = 0;
    HostPriceTier m_tier;
    bool m_tier_exists = false;
    ListingMatch m_match;                        // how a listing finds its product
    std::map<std::string, std::string> m_by_sku; // listing key (SKU or ASIN) -> product code
    std::set<std::string> m_ambiguous;           // keys of more than one product
    std::map<std::string, std::string> m_seen;   // product -> marketplace its price came from
    std::map<std::string, std::string> m_prices; // the tier's prices as they will be written
    Counts m_counts;
    std::vector<std::string> m_messages;
};

} // namespace amzconn::plugin
