// Sends planned listing updates to Amazon and follows them to Amazon's answer: a
// JSON_LISTINGS_FEED per marketplace (paced to the region's feed slots), or patchListingsItem for
// a few SKUs of a stock_changed push; then each feed to its processing report (poll_feeds), and
// unanswered createFeed calls settled from Amazon's recent feeds. Every send is recorded as
// pending in host state before it goes, and its outcome after, so a kill at any point resumes.
#pragma once

#include "engine/engine_context.hpp"
#include "spapi/documents_api.hpp"
#include "stock/availability.hpp"
#include "stock/delta.hpp"
#include "stock/feed_log.hpp"
#include "stock/listings_feed.hpp"
#include "stock/processing_report.hpp"
#include "stock/stock_state.hpp"

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace amzconn::plugin {

// What one stock or price pass did, for its report.
struct StockCounts {
    int64_t listings = 0;
    int64_t sent = 0;
    int64_t unchanged = 0;
    int64_t stale = 0;
    int64_t waiting = 0;
    int64_t fba = 0;
    int64_t skipped = 0;
    int64_t unknown = 0;
    int64_t errors = 0;
    int64_t feeds = 0;
    int64_t patches = 0;
    int64_t queued = 0;
    int64_t conflicts = 0;
    int64_t quantities = 0;   // listings whose availability Amazon was sent
    int64_t prices = 0;       // listings whose price Amazon was sent
    int64_t price_errors = 0; // listings whose price could not be computed
    // What the `waiting` listings wait for: feeds Amazon is still processing (by id; empty: a
    // feed whose id createFeed has not confirmed), and unanswered patchListingsItem calls.
    std::set<std::string> waiting_feeds;
    std::vector<std::pair<ListingKey, uint64_t>> waiting_unknown_feed; // send ids to look up
    int64_t waiting_patches = 0;

    boost::json::object to_json() const;
};

// One listing whose new values are to be sent. The state to persist first is built from its
// previous state and computation (stock::next_state) only when it is persisted: a full pass plans
// tens of thousands of sends, and a state is large. For the same reason the listing's key is read
// from its result and the delta options are rebuilt from their time, not copied here.
struct PlannedSend {
    const stock::ListingResult* listing = nullptr; // in the push's computation (outlives this)
    const stock::SentState* previous = nullptr;    // in the push's SentStates; null: never sent
    stock::Computation computation;                // its values are the ones to send
    int64_t now_ms = 0;                            // of stock::DeltaOptions{now_ms}
    stock::DeltaPlan plan;
    stock::SendTransport transport = stock::SendTransport::patch;
    int64_t expected_version = k_version_absent;

    ListingKey key() const { return {listing->marketplace_id, listing->sku}; }
    const std::string& sku() const { return listing->sku; }
    const std::string& marketplace_id() const { return listing->marketplace_id; }
    stock::DeltaOptions options() const { return stock::DeltaOptions{now_ms}; }
};
// Reserved for every listing of the push before planning (pages untouched stay unmapped): a
// vector that grew would copy every send and hold both copies at its peak.
using PlannedSends = std::vector<PlannedSend>;

// What following the submitted feeds found.
struct FeedPoll {
    int64_t done = 0;
    int64_t pending = 0;
    int64_t accepted = 0;
    int64_t rejected = 0;
};

class ListingFeeds {
  public:
    explicit ListingFeeds(EngineContext& context);

    // One patchListingsItem per listing (a stock_changed push of a few SKUs).
    Outcome send_patches(PlannedSends& to_send, StockCounts& counts);
    // Feeds per marketplace, as the region's feed slots allow; listings without a slot are added
    // to `queued`, with when to try again in retry_after_s.
    Outcome send_feeds(PlannedSends& to_send, StockCounts& counts, std::set<ListingKey>& queued,
                       std::vector<std::string>& messages, int64_t& retry_after_s);
    // Follows every submitted feed to its processing report and records each listing's outcome.
    Result<FeedPoll> poll(std::vector<std::string>& messages);
    // Resolves the pending feed sends whose feed id is unknown from Amazon's recent feeds
    // (getFeeds); those whose feeds are all finished become ambiguous (their latest values are
    // re-sent). `sent` is updated in place. Returns how many are still unresolved.
    Result<int64_t> resolve_unknown_feeds(SentStates& sent, std::vector<std::string>& messages);
    // The feed id of each submitted feed send in host state, by listing and send id.
    Result<std::map<std::pair<ListingKey, uint64_t>, std::string>> recorded_feed_ids();
    // resolve_unknown_feeds already ran in this job (getFeeds allows one call per 45 s).
    bool resolved() const { return m_resolved; }

  private:
    std::vector<stock::ListingUpdate> persist_pending(std::vector<PlannedSend*>& planned,
                                                      StockCounts& counts);
    Outcome record(const ListingKey& key, uint64_t send_id, stock::SendOutcome outcome,
                   const std::string& message);
    Outcome send_patch(PlannedSend& planned, StockCounts& counts);
    // Claims a feed slot of the region for one feed; false when none is open, another run took
    // it, or the run stopped sending (a feed failed): retry_after_s then says when one opens.
    Result<bool> claim_feed_slot(bool stopped, int64_t& retry_after_s);
    Outcome submit_feed(const std::string& marketplace, const stock::ListingsFeed& feed,
                        const std::vector<PlannedSend*>& members, StockCounts& counts);
    // createFeed and the document upload; the feed id, or how the call failed.
    spapi::ApiResult<std::string> upload_feed(const std::string& marketplace,
                                              const stock::ListingsFeed& feed);
    Outcome feed_not_submitted(const stock::ListingsFeed& feed, const spapi::ApiError& failure,
                               std::map<ListingKey, uint64_t>& send_ids);
    Outcome remember_feed(const std::string& marketplace, const std::string& feed_id,
                          const stock::ListingsFeed& feed,
                          std::map<ListingKey, uint64_t>& send_ids);
    // One submitted feed of host state: Ok(true) when it finished and its outcomes are recorded.
    Result<bool> poll_feed(const StateEntry& entry, FeedPoll& poll,
                           std::vector<std::string>& messages);
    Result<std::optional<FeedAnswer>> feed_answer(const std::string& feed_id,
                                                  const spapi::documents::Feed& feed,
                                                  const std::vector<stock::FeedMessageRef>& refs,
                                                  std::vector<std::string>& messages);
    Result<stock::ProcessingReport>
    read_processing_report(const std::string& feed_id, const std::string& document_id,
                           const std::vector<stock::FeedMessageRef>& refs);
    Result<int64_t> settle_unknown(const std::vector<ListingKey>& to_resolve,
                                   const std::map<std::string, std::vector<stock::SeenFeed>>& seen,
                                   int64_t now, SentStates& sent, int64_t& waiting);
    std::map<std::string, std::vector<stock::SeenFeed>>
    recent_feeds(const std::map<std::string, int64_t>& since_by_marketplace,
                 std::vector<std::string>& messages);

    EngineContext& m_context;
    HostServices& m_host;
    spapi::SpApiClient& m_client;
    const config::StoreConfig& m_store;
    std::string m_ns;
    bool m_resolved = false;
};

} // namespace amzconn::plugin
