// Where the cancellation engine keeps its memory in host state (the store's namespace): one entry
// per host cancellation ("cancellations/c/<key>": planned message, where it stands, Amazon's
// answer) and one record per acknowledgement feed ("cancellations/feed/<send id>": its members in
// message order, the intent time, the feed id once createFeed answered). The feed record is
// written before createFeed is called and is the authority on which cancellations it carries, so
// after a crash or an unanswered call the next run knows exactly what may have reached Amazon.
#pragma once

#include "amzconn/host_services.hpp"
#include "cancellations/cancel_plan.hpp"

#include <map>
#include <string>
#include <vector>

namespace amzconn::plugin {

enum class CancelState { waiting, queued, accepted, refused, unknown };
std::string_view to_string(CancelState state);

struct CancelEntry {
    CancelState state = CancelState::queued;
    std::string fingerprint;           // of the host cancellation document it was planned from
    std::string order;                 // the sales order's key
    int64_t queued_ms = 0;             // when it was planned: the batch delay counts from here
    cancellations::AckMessage message; // what goes (went) to Amazon
    std::string feed_id;               // the feed that carried it, once known
    std::string reason, fix;           // refused / unknown: why, and what to do
    int64_t updated_ms = 0;
    int64_t version = 0; // host-state CAS version; 0: not stored yet
};

enum class FeedState { creating, submitted, done };

struct FeedRecord {
    std::string send_id;
    FeedState state = FeedState::creating;
    int64_t intent_ms = 0;            // saved before createFeed: getFeeds looks from here
    int64_t attempts = 0;             // createFeed calls made for it
    std::string feed_id;              // submitted: Amazon's
    std::vector<std::string> members; // cancellation keys; member i is MessageID i + 1
    int64_t version = 0;
};

struct CancellationStore {
    std::map<std::string, CancelEntry> entries; // by cancellation key
    std::map<std::string, FeedRecord> feeds;    // by send id
};

Result<CancellationStore> read_cancellation_state(HostServices& host, std::string_view store);
// Compare-and-set on version; updates it. conflict when another run wrote it meanwhile.
Outcome write_entry(HostServices& host, std::string_view store, const std::string& key,
                    CancelEntry& entry);
Outcome write_feed(HostServices& host, std::string_view store, FeedRecord& feed);
Outcome delete_feed(HostServices& host, std::string_view store, const FeedRecord& feed);

} // namespace amzconn::plugin
