// The stock, handling-time and price export engine of one store: computes what Amazon should show
// from the host's stock (the pure rules in adapters/stock/), plans only what changed as absolute
// values, and hands the sends to ListingFeeds (feeds, or patchListingsItem for a few SKUs), which
// also follows each feed to its processing report. Last-sent values and submitted feeds live in
// host state, so a restart resumes.
#pragma once

#include "engine/engine_context.hpp"
#include "stock/availability.hpp"
#include "stock/flat_index.hpp"
#include "stock/listing_feeds.hpp"
#include "stock/stock_state.hpp"

#include <set>
#include <string>
#include <vector>

namespace amzconn::plugin {

class ExportPrices;
// The last-sent states of a push, found by listing key in one probe (100,000 listings per pass).
using SentIndex = stock::PairKeyIndex<SentStates>;

class StockExport {
  public:
    explicit StockExport(EngineContext& context);

    // export_stock: every SKU of the store (args may carry "skus" to limit it).
    Result<JobReport> export_stock(const JobArgs& args);
    // explain_stock: arg "sku"; every term per warehouse and BOM component, the result, the value
    // last sent, when, and Amazon's answer to it.
    Result<JobReport> explain_stock(const JobArgs& args);
    // export_prices: every listing's price from the price tier mapped to its marketplace.
    Result<JobReport> export_prices(const JobArgs& args);
    // poll_feeds: follows submitted feeds to their processing reports, then sends what waited
    // for them (deferred values, listings queued for a feed slot).
    Result<JobReport> poll_feeds();
    // A host stock-changed event: the SKUs (and those sharing BOM components) pushed right away.
    Result<JobReport> on_stock_changed(const std::vector<std::string>& skus);

  private:
    Result<std::vector<stock::Listing>> listings(bool refresh);
    Result<std::optional<std::string>> warehouse_problem();
    void narrow_to(const std::set<std::string>& only, stock::StockInput& input) const;
    Result<JobReport> full_pass(std::string_view job, bool enabled, std::string_view disabled,
                                const JobArgs& args);
    // Detail::breakdown only for explain_stock: the export needs the quantities alone.
    Result<stock::StockComputation> compute(const std::set<std::string>& only,
                                            bool refresh_listings, bool all_warehouses,
                                            stock::Detail detail);
    // How a push runs: Amazon's listings report read again, patches allowed (a few SKUs of an
    // event), and values Amazon acknowledged sent again all the same (full=true).
    struct PushMode {
        bool refresh_listings = false;
        bool allow_patch = false;
        bool resend_unchanged = false;
    };
    Result<JobReport> push(std::string_view job, const std::set<std::string>& only,
                           const PushMode& mode);
    // What every listing of one push shares.
    struct PushPass {
        uint64_t generation = 0;
        int64_t started_ms = 0;
        int64_t now_ms = 0;
        bool resend_unchanged = false;
    };
    // Plans one computed listing: counted, its state kept, or added to to_send. `key_hash` is
    // SentIndex::hash of its (marketplace, SKU), computed once per listing.
    Outcome plan_listing(const stock::ListingResult& listing, uint64_t key_hash,
                         const PushPass& pass, ExportPrices& prices, const SentIndex& sent,
                         StockCounts& counts, PlannedSends& to_send);
    Outcome plan_delta(const stock::ListingResult& listing, uint64_t key_hash,
                       const stock::Computation& computation, const PushPass& pass,
                       const SentIndex& sent, StockCounts& counts, PlannedSends& to_send);
    void log_push(std::string_view job, std::string_view status, const StockCounts& counts);
    static std::string waiting_message(const StockCounts& counts);
    Result<boost::json::object> waiting_report(StockCounts& counts,
                                               std::vector<std::string>& messages);
    // Keeps in the feed-slot queue what still waits; returns it.
    Result<std::set<ListingKey>> settle_queue(const std::set<ListingKey>& queue,
                                              int64_t queue_version,
                                              const std::set<ListingKey>& handled,
                                              const std::set<ListingKey>& newly_queued);
    // poll_feeds' second half: listings whose feed answered with newer values waiting, and the
    // listings queued for a feed slot, go now.
    Outcome send_deferred(const FeedPoll& poll, boost::json::object& counts,
                          std::vector<std::string>& messages, int64_t& unresolved);
    Outcome send_queued(boost::json::object& counts);
    JobReport report(std::string_view job, std::string_view status, boost::json::object counts,
                     std::vector<std::string> messages, int64_t retry_after_s = -1,
                     boost::json::object extra = {}) const;

    EngineContext& m_context;
    HostServices& m_host;
    const config::StoreConfig& m_store;
    std::string m_ns;
    ListingFeeds m_feeds;
    int64_t m_started_ms = 0;
};

} // namespace amzconn::plugin
