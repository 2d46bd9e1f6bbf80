// The stock, handling-time and price export engine of one store: computes what Amazon should show
// from the host's stock (the pure rules in adapters/stock/), sends only what changed as absolute
// values (JSON_LISTINGS_FEED, or patchListingsItem for a few SKUs), and follows each feed to its
// processing report. Last-sent values and submitted feeds live in host state, so a restart resumes.
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/host_services.hpp"
#include "spapi/client.hpp"
#include "spapi/tsv.hpp"
#include "stock/availability.hpp"
#include "stock/listings_feed.hpp"
#include "stock/stock_state.hpp"

#include <atomic>
#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace amzconn::plugin {

namespace stock_detail {
struct Counts;
struct Planned;
} // namespace stock_detail
using stock_detail::Counts;
using stock_detail::Planned;

class StockExport {
  public:
    StockExport(HostServices& host, spapi::SpApiClient& client, const config::StoreConfig& store,
                const std::atomic<bool>& cancelled);

    // export_stock: every SKU of the store (args may carry "skus" to limit it).
    Result<std::string> export_stock(const std::map<std::string, std::string>& args);
    // explain_stock: arg "sku"; every term per warehouse and BOM component, the result, the value
    // last sent, when, and Amazon's answer to it.
    Result<std::string> explain_stock(const std::map<std::string, std::string>& args);
    // export_prices: every listing's price from the price tier mapped to its marketplace.
    Result<std::string> export_prices(const std::map<std::string, std::string>& args);
    // import_prices: Amazon's prices into the host price tier named by products.price_tier.
    Result<std::string> import_prices(const std::map<std::string, std::string>& args);
    // poll_feeds: follows submitted feeds to their processing reports.
    Result<std::string> poll_feeds();
    // A host stock-changed event: the SKUs (and those sharing BOM components) pushed right away.
    Result<std::string> on_stock_changed(const std::vector<std::string>& skus);

  private:
    Result<std::optional<spapi::TsvTable>> listings_report(const std::string& marketplace,
                                                           std::string_view job);
    Result<std::vector<stock::Listing>> listings(bool refresh);
    Result<std::string> full_pass(std::string_view job, bool enabled, std::string_view disabled,
                                  const std::map<std::string, std::string>& args);
    Result<stock::StockComputation> compute(const std::set<std::string>& only,
                                            bool refresh_listings, bool all_warehouses);
    Result<std::string> push(std::string_view job, const std::set<std::string>& only,
                             bool refresh_listings, bool allow_patch);
    std::vector<stock::ListingUpdate> persist_pending(std::vector<Planned*>& planned,
                                                      Counts& counts);
    Outcome record(const ListingKey& key, uint64_t send_id, stock::SendOutcome outcome,
                   const std::string& message);
    Outcome send_patches(std::vector<Planned>& to_send, Counts& counts);
    Outcome send_feeds(std::vector<Planned>& to_send, Counts& counts, std::set<ListingKey>& queued,
                       std::vector<std::string>& messages, int64_t& retry_after_s);
    Outcome submit_feed(const std::string& marketplace, const stock::ListingsFeed& feed,
                        const std::vector<Planned*>& members, Counts& counts);
    // Resolves the pending feed sends whose feed id is unknown from Amazon's recent feeds
    // (getFeeds); those whose feeds are all finished become ambiguous (their latest values are
    // re-sent). `sent` is updated in place. Returns how many are still unresolved.
    Result<int64_t> resolve_unknown_feeds(std::map<ListingKey, StoredSent>& sent,
                                          std::vector<std::string>& messages);
    std::string report(std::string_view job, std::string_view status,
                       const boost::json::object& counts, std::vector<std::string> messages,
                       int64_t retry_after_s = -1, boost::json::object extra = {}) const;

    HostServices& m_host;
    spapi::SpApiClient& m_client;
    const config::StoreConfig& m_store;
    const std::atomic<bool>& m_cancelled;
    std::string m_ns;
    int64_t m_started_ms = 0;
    bool m_resolved = false; // resolve_unknown_feeds already ran in this job
};

} // namespace amzconn::plugin
