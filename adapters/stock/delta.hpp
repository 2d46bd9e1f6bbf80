// The last-sent state per (SKU, marketplace) and its transitions: what to send (only changes,
// always absolute values), what to drop (a computation older than the one already recorded), and
// what to re-send after an unanswered send. The plugin persists exactly the states returned here,
// with host-state compare-and-set on `version`, and does the I/O.
#pragma once

#include "stock/heap_optional.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amzconn::stock {

struct PriceValue {
    std::string currency; // ISO 4217
    std::string amount;   // canonical decimal text with the currency's minor units ("19.90")
    friend bool operator==(const PriceValue&, const PriceValue&) = default;
};

// What one listing should show. Empty channel: availability is not managed for this listing
// (FBA); a channel without quantity switches the listing to FBA.
struct ListingValues {
    std::string channel_code;
    std::optional<int64_t> quantity;
    std::optional<int> lead_time_days;
    std::optional<PriceValue> price;
    friend bool operator==(const ListingValues&, const ListingValues&) = default;
};

struct Computation {
    ListingValues values;
    int64_t computed_at_ms = 0; // when reading the host stock for it STARTED
    uint64_t generation = 0;    // tie-break for equal start times (monotonic per store)
};

// How a pending send travels. A patch is applied synchronously (an old unanswered one either
// landed already or never will); a feed may be applied by Amazon many minutes after createFeed.
enum class SendTransport { patch, feed };

struct SentState {
    bool has_confirmed = false;
    ListingValues confirmed;             // what Amazon last acknowledged
    int64_t sent_at_ms = 0;              // when it was acknowledged
    HeapOptional<ListingValues> pending; // written before a send, cleared by its answer
    uint64_t pending_send_id = 0;
    int64_t pending_since_ms = 0;
    bool pending_ambiguous = false; // the send got no answer: it may or may not have landed
    SendTransport pending_transport = SendTransport::patch;
    std::string pending_feed_id;        // the feed carrying a pending feed send, when known
    HeapOptional<Computation> deferred; // newer values waiting for the in-flight send
    int64_t computed_at_ms = 0;         // newest computation recorded
    uint64_t generation = 0;
    uint64_t version = 0;   // compare-and-set token; 0 = never stored
    std::string last_error; // Amazon's message when it rejected the last send
};

enum class DeltaAction {
    send,           // persist `next` (CAS on the old version), then send `to_send`
    unchanged,      // persist `next` (records the computation time), send nothing
    drop_stale,     // persist nothing: a newer computation is already recorded
    wait_in_flight, // persist `next` (keeps the values as deferred); send after the answer
};

struct DeltaOptions {
    int64_t now_ms = 0;
    // An unanswered send older than this is treated as ambiguous (crash between send and record).
    int64_t in_flight_timeout_ms = 120'000;
    // A pending feed send is in flight until its outcome is recorded (or its feed is resolved as
    // ambiguous); past this long safety limit it is treated as ambiguous all the same.
    int64_t feed_timeout_ms = 24LL * 3600 * 1000;
    // Send a listing's values even when Amazon acknowledged the same ones (export_stock
    // full=true): Amazon's side may have been changed by hand since.
    bool resend_unchanged = false;
};

// Whether the pending send of `state` may still be applied by Amazon later, so that a newer
// send could be overtaken by it (newer computations then wait as deferred).
bool pending_in_flight(const SentState& state, const DeltaOptions& options);

struct DeltaDecision {
    DeltaAction action = DeltaAction::unchanged;
    bool send_availability = false; // the fulfillment_availability patch
    bool send_price = false;        // the purchasable_offer patch
    ListingValues to_send;          // absolute values
    uint64_t send_id = 0;           // pass back to record_outcome
    std::optional<SentState> next;  // what to persist (absent for drop_stale)
    std::string_view reason;        // a fixed text
};

// `previous` is the stored state, or nullopt when nothing was ever sent for this listing.
// plan_delta is decide_delta and next_state together; `to_send` is the computation's values.
DeltaDecision plan_delta(const std::optional<SentState>& previous, const Computation& computation,
                         const DeltaOptions& options);
// The same without copying the stored state: `previous` is null when nothing was ever sent.
DeltaDecision plan_delta(const SentState* previous, const Computation& computation,
                         const DeltaOptions& options);

// What plan_delta decides, without the values and the state to persist: a full pass plans tens
// of thousands of sends, and a state is large, so a planned send keeps this with its previous
// state and computation, and builds the state with next_state only when it persists it.
struct DeltaPlan {
    DeltaAction action = DeltaAction::unchanged;
    bool send_availability = false;
    bool send_price = false;
    uint64_t send_id = 0;
    std::string_view reason;
};
DeltaPlan decide_delta(const SentState* previous, const Computation& computation,
                       const DeltaOptions& options);
// The state plan_delta returns as `next`, for `plan` = decide_delta(previous, computation,
// options) with the same arguments (nullopt for drop_stale).
std::optional<SentState> next_state(const SentState* previous, const Computation& computation,
                                    const DeltaOptions& options, const DeltaPlan& plan);

enum class SendOutcome { accepted, rejected, ambiguous };

// The state after Amazon's answer (or the lack of one) to send `send_id`; nullopt when the answer
// belongs to an older send and must change nothing. After accepted/rejected, a deferred
// computation (deferred_computation) should be planned next.
std::optional<SentState> record_outcome(const SentState& current, uint64_t send_id,
                                        SendOutcome outcome, int64_t now_ms,
                                        const std::string& message = {});

std::optional<Computation> deferred_computation(const SentState& state);

// A pending feed send whose feed id is unknown (createFeed unanswered, or a crash before the feed
// id was recorded) is resolved from Amazon's recent feeds of the marketplace (getFeeds): it
// waits while any feed created since the send started (minus `slack_ms`, for clock skew) is
// unfinished, or while the send is younger than `grace_ms` (getFeeds may not list a fresh feed
// yet); then it becomes ambiguous and the latest absolute values are re-sent.
struct SeenFeed {
    std::string feed_id;
    int64_t created_ms = 0;
    bool terminal = false;
};
struct FeedResolveOptions {
    int64_t now_ms = 0;
    int64_t slack_ms = 10LL * 60 * 1000;
    int64_t grace_ms = 2LL * 60 * 1000;
};
enum class FeedResolution { wait, ambiguous };
FeedResolution resolve_unknown_feed(int64_t pending_since_ms, const std::vector<SeenFeed>& feeds,
                                    const FeedResolveOptions& options);
// Whether `state` holds a feed send whose feed is unknown and not yet resolved.
bool feed_unresolved(const SentState& state);

} // namespace amzconn::stock
