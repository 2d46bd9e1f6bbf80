// The cancellation engine of one store: plans every host cancellation with the pure rules of
// adapters/cancellations/ (refusing at once what Amazon would refuse), queues the planned ones in
// host state (cancellation_state.hpp), and sends them once the oldest has waited
// cancellations.batch_delay, all in one POST_ORDER_ACKNOWLEDGEMENT_DATA feed. Exactly once: the
// feed record (its members) is written before createFeed; an unanswered createFeed is looked up
// in Amazon's recent feeds (getFeeds) and sent again only when it certainly was not created. Each
// feed is followed to its processing report, and each order's result (accepted, or refused with
// Amazon's message) is recorded and logged.
#pragma once

#include "cancellations/ack_feed.hpp"
#include "cancellations/cancellation_state.hpp"
#include "cancellations/settings.hpp"
#include "engine/engine_context.hpp"
#include "engine/store_lease.hpp"
#include "host/cancellation_host_data.hpp"
#include "spapi/api_error.hpp"

#include <optional>
#include <set>
#include <string>

namespace amzconn::plugin {

// Short, renewed after every feed (engine/store_lease.hpp).
inline constexpr int64_t k_cancellation_lease_ms = k_job_lease_ms;

struct CancellationCounts {
    int64_t planned = 0; // queued in this run
    int64_t waiting = 0; // their order is not imported yet
    int64_t refused = 0; // refused in this run (by the rules or by Amazon)
    int64_t still_refused = 0;
    int64_t sent = 0;        // in feeds created in this run
    int64_t feeds = 0;       // feeds created in this run
    int64_t accepted = 0;    // Amazon applied them (read in this run)
    int64_t done_before = 0; // accepted in an earlier run
    int64_t in_flight = 0;   // in feeds Amazon has not answered yet
    int64_t batching = 0;    // queued, waiting for the batch delay
    int64_t unknown = 0;     // Amazon's answer cannot be known (FATAL feed)
    int64_t unreadable = 0;  // host documents the plugin cannot use
};

class CancellationSend {
  public:
    explicit CancellationSend(EngineContext& context);

    // send_cancellations: arg "now" ("true": send what is queued without waiting out the
    // batch delay).
    Result<JobReport> run(const JobArgs& args);
    // Where a cancellation stands after run(), if it was planned.
    const CancelEntry* entry(const std::string& key) const;

  private:
    Outcome follow_feeds();
    Outcome resolve_creating(FeedRecord& feed);
    Outcome poll_submitted(FeedRecord& feed);
    Outcome record_report(FeedRecord& feed, const cancellations::AckReport& report);
    // Every member of `feed` becomes unknown (Amazon may or may not have applied it).
    Outcome members_unknown(FeedRecord& feed, const std::string& why);
    Outcome plan_all();
    Outcome plan_one(const HostCancellationDoc& doc);
    Result<std::optional<cancellations::CancelOrder>> order_of(const std::string& order_key,
                                                               const std::string& except_key);
    Outcome send_batches(bool flush);
    Outcome create_feed(FeedRecord& feed);
    // A send that certainly reached no one: its record goes, its members are queued again.
    Outcome not_sent(FeedRecord& feed, const spapi::ApiError& e);
    Outcome set_entry(const std::string& key, CancelEntry& entry);
    // Keys in feeds that are being created or submitted.
    std::set<std::string> in_flight() const;
    Outcome write_feed_record(FeedRecord& feed);
    // The feed's entry in the host's feed log (cancellation_feed_log.hpp) with Amazon's `status`;
    // `finished`: with the answer (`report`, null when the feed ended without one). Only a log:
    // a failure to write it is logged and changes nothing else.
    void log_feed(const FeedRecord& feed, const std::string& status, bool finished,
                  const cancellations::AckReport* report = nullptr);
    void stop(const spapi::ApiError& e);
    JobReport report(std::vector<std::string> messages);

    EngineContext& m_context;
    HostServices& m_host;
    const config::StoreConfig& m_store;
    cancellations::CancellationSettings m_settings;
    CancellationStore m_state;
    CancellationCounts m_counts;
    std::optional<spapi::ApiError> m_stopped; // a throttle or server error ended sending
    bool m_unresolved = false;                // a createFeed's outcome is not known yet
    std::set<std::string> m_answered_now;     // keys whose feed answer was recorded in this run
    int64_t m_next_batch_ms = 0;
    std::vector<std::string> m_messages;
    int64_t m_started_ms = 0;
};

} // namespace amzconn::plugin
