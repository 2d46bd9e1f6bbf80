// The sandbox's seller state and its SP-API, LWA and control handlers. One mutex guards all
// state; the network layer calls identify() and handle() per request.
#pragma once

#include "clock.hpp"
#include "faults.hpp"
#include "http_types.hpp"
#include "usage_plans.hpp"

#include <amzconn/result.hpp>
#include <atomic>
#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace amzconn::sandbox {

struct Options {
    std::string scenario_path;
    std::uint64_t generate = 0;
    std::uint64_t seed = 1;
    std::string rate_limits = "off";
    std::string static_examples;
    std::string faults_path;
};

// The bad-order kinds an order's `_sandbox_bad` may name (README "Bad orders").
bool is_bad_order_kind(std::string_view kind);

// A string or number field of a scenario/control object as text, else `fallback`.
std::string text_of(const boost::json::object& o, std::string_view key,
                    std::string_view fallback = "");

// 403 Unauthorized for an expired token, explained in `details` like the invalid-token case.
Response expired_token_response();

struct Listing {
    std::string sku;
    std::string asin;
    std::string marketplace_id;
    std::string channel; // DEFAULT (merchant) or AMAZON_* (FBA)
    std::int64_t quantity = 0;
    std::string price_amount; // decimal string, exact
    std::string currency;
    std::int64_t handling_time = 2;
    std::string product_type = "PRODUCT";
    std::string title;
    std::vector<std::pair<std::string, std::string>> identifiers; // (EAN|UPC|GTIN|ISBN, value)
    Millis last_updated = 0;

    bool is_fba() const { return channel != "DEFAULT"; }
};

struct ReturnRecord {
    std::string order_id;
    std::string sku;
    std::string asin;
    std::int64_t quantity = 1;
    std::string reason;
    std::string channel;        // MFN | AFN
    std::string marketplace_id; // used when the sandbox does not have the order
    std::string disposition;    // FBA detailed-disposition
    std::string comments;
    std::string status;        // MFN Return request status / FBA status, as the reports show it
    std::string rma_id;        // Amazon RMA ID, fixed when recorded
    std::string license_plate; // FBA license-plate-number, fixed when recorded
    Millis return_date = 0;
};

// The sandbox's FNSKU of an FBA listing's ASIN ("X00" + its last 7 characters).
std::string fnsku_for(const std::string& asin);

// One row of GET_MERCHANT_LISTINGS_ALL_DATA (its 29 columns).
std::string merchant_listing_row(const Listing& l, const std::string& open_date);

Result<ReturnRecord> return_from_json(const boost::json::value& v, Millis now);

// One state of an order. `visible` may lag `effective` (= lastUpdatedTime) by < 2 min: a late
// arrival inside Amazon's 2-minute window.
struct OrderVersion {
    Millis effective = 0;
    Millis visible = 0;
    std::string status;
    boost::json::object doc;
    // A bad-order kind (scenario/control `_sandbox_bad`, see README): the version is served
    // corrupted that way by searchOrders and getOrder; "" serves doc as it is.
    std::string bad;
    std::size_t pad_bytes = 0;                               // for bad = oversized
    mutable std::unordered_map<unsigned, std::string> cache; // includedData mask -> JSON text
};

struct OrderRecord {
    std::string id;
    Millis created = 0;
    std::string marketplace_id;
    bool amazon_fulfilled = false;
    std::vector<OrderVersion> versions; // ascending by visible
    boost::json::array shipments;       // one per packageReferenceId, as last confirmed
    boost::json::array cancellations;
    std::uint64_t confirmations = 0; // accepted confirmShipment calls, edits included

    const OrderVersion* current(Millis now) const;
};

// One item of a seller cancellation: `quantity` 0 means all its unshipped units.
struct CancelLine {
    std::string item_id;
    std::string reason;
    std::int64_t quantity = 0;
    std::string by = "MERCHANT"; // cancellationExecution.cancelledBy: MERCHANT, BUYER or AMAZON
};

struct Document {
    std::string id;
    std::string content_type;
    std::string data;
    bool uploaded = false;
    bool gzip = false;
};

struct Job { // a feed or a report
    std::string id;
    std::string type;
    boost::json::array marketplace_ids;
    std::string input_document_id;
    std::string result_document_id;
    std::string status = "IN_QUEUE";
    Millis created = 0;
    Millis start = 0;
    Millis end = 0;
    Millis data_start = 0;
    Millis data_end = 0;
    bool applied = false;
    boost::json::value report; // the processing report, for /_sandbox/state
};

// One operation of an official model in static mode (--static-examples): its path template and
// its x-amzn-api-sandbox static examples in the model's order.
struct StaticExample {
    unsigned status = 200;
    boost::json::object parameters;
    boost::json::value response;
};

struct StaticOperation {
    std::string method;                // upper case
    std::vector<std::string> segments; // "{name}" for path parameters
    std::string operation_id;
    std::vector<StaticExample> examples;
};

// What the network layer asks of a request before answering it.
struct RequestInfo {
    std::string operation; // e.g. "searchOrders"; "" for unknown paths
    bool control = false;  // /_sandbox/...
    bool needs_auth = false;
};

class Sandbox {
  public:
    Sandbox(Options options, Clock& clock);

    Result<void> load(); // scenario, generator, faults file, usage plans, static examples
    RequestInfo identify(const Request& request) const;
    // `fault` carries the pagination faults into searchOrders; the rest are applied by the caller.
    Response handle(const Request& request, const RequestInfo& info, const Fault* fault);
    FaultScript& faults() { return m_faults; }
    bool shutdown_requested() const { return m_shutdown.load(); }
    std::string next_request_id();
    Millis now() const { return m_clock.now(); }
    void set_base_url(std::string url) { m_base_url = std::move(url); }
    std::optional<UsagePlan> plan(const std::string& operation) const {
        return m_plans.plan(operation);
    }
    void count_call(const std::string& operation, bool throttled);
    // Takes a usage-plan token for the operation at the sandbox clock's now; false means 429.
    bool acquire(const std::string& operation) {
        return m_plans.try_acquire(operation, m_clock.now());
    }

  private:
    // Seller state (scenario.cpp, generator.cpp).
    Result<void> load_scenario(const boost::json::value& doc);
    void load_default_scenario();
    // Orders of the past 30 days, or with live_span > 0 orders that arrive (and ship, and are
    // cancelled) over the coming live_span of the clock.
    void generate_orders(std::uint64_t count, std::uint64_t seed, Millis live_span = 0);
    Result<void> add_order_document(boost::json::object doc);
    Result<void> rebuild_start_state(); // fails only on a bad scenario, found at start-up
    Result<void> start_live(const boost::json::value& live);
    Result<void> add_cancellation_requests(const boost::json::value& list,
                                           const std::string& where);
    // Units Amazon or the buyer cancelled at Amazon, not through the seller's feed.
    Result<void> add_amazon_cancellations(const boost::json::value& list, const std::string& where);

    // Handlers (one file per area).
    Response handle_token(const Request& request);
    Response handle_consent(const Request& request);
    // Marks an spapi_oauth_code used; fails for an unknown, used or expired code or another
    // redirect_uri than the consent's.
    Result<void> redeem_auth_code(const std::string& code, const std::string& redirect_uri);
    Response handle_search_orders(const Request& request, const Fault* fault);
    Response handle_get_order(const Request& request);
    Response handle_confirm_shipment(const Request& request);
    Response handle_feeds(const Request& request, const std::string& operation);
    Response handle_reports(const Request& request, const std::string& operation);
    Response handle_documents(const Request& request);
    Response handle_listings(const Request& request, const std::string& operation);
    Response get_listings_item(const Request& request, const std::string& sku,
                               const std::vector<std::string>& markets);
    Response handle_inventory(const Request& request);
    Response handle_participations(const Request& request);
    Response handle_control(const Request& request);
    Result<void> load_static_examples(const std::string& dir);
    const StaticOperation* match_static(const Request& request) const;
    Response handle_static(const Request& request);
    bool check_token(const Request& request, Response& denied);

    // Feeds and reports advance lazily on the sandbox clock.
    void advance_jobs(Millis now);
    void process_feed(Job& feed, Millis now);
    void process_report(Job& report, Millis now);
    boost::json::value process_listings_feed(const Job& feed, const std::string& text, Millis now);
    std::string process_acknowledgement_feed(const Job& feed, const std::string& text, Millis now);
    // Applies JSON_LISTINGS_FEED / patchListingsItem patches to every listing of `sku` in
    // `marketplaces`; returns the issues (v2 report shape). Nothing changes when dry_run.
    boost::json::array apply_listing_patches(const std::string& sku,
                                             const std::vector<std::string>& marketplaces,
                                             const std::string& product_type,
                                             const boost::json::array& patches, Millis now,
                                             std::int64_t message_id, bool dry_run);
    Result<void> confirm_shipment(OrderRecord& order, const std::string& body, Millis now);
    // Seller cancellation of the lines (all unshipped units of the order when empty); all or
    // nothing. Status not_found for an unknown order, conflict when Amazon would refuse.
    Result<void> cancel_order_items(const std::string& order_id, std::vector<CancelLine> lines,
                                    Millis now);
    // A buyer's cancellation request on the items (every unshipped item when empty).
    Result<void> request_buyer_cancellation(const std::string& order_id,
                                            const std::vector<std::string>& item_ids,
                                            const std::string& reason, Millis now);
    void push_version(OrderRecord& order, boost::json::object doc, Millis now);
    std::string store_document(std::string data, std::string content_type, bool gzip);
    std::string document_url(const std::string& id) const;
    std::string next_id(std::string_view prefix);

    boost::json::object state_snapshot(Millis now) const;

    // Returns (returns_report.cpp).
    void add_return(ReturnRecord r);
    std::string return_marketplace(const ReturnRecord& r) const;
    std::string mfn_return_row(const ReturnRecord& r, Millis now) const;
    std::string fba_return_row(const ReturnRecord& r) const;
    std::size_t returns_report(const Job& report, Millis now, std::string& tsv) const;

    // searchOrders' sorted views of the visible orders, rebuilt only when an order changes or the
    // clock passes the next version's visibility time.
    struct IndexEntry {
        Millis key;
        std::size_t order;
        const OrderVersion* version;
    };
    void refresh_order_index(Millis now);
    std::vector<IndexEntry> m_index_created;
    std::vector<IndexEntry> m_index_updated;
    std::uint64_t m_orders_generation = 0;
    std::uint64_t m_index_generation = ~std::uint64_t{0};
    Millis m_index_built_at = 0;
    Millis m_index_valid_until = 0;

    Options m_options;
    std::string m_base_url;
    Clock& m_clock;
    UsagePlans m_plans;
    FaultScript m_faults;
    std::atomic<bool> m_shutdown{false};
    std::atomic<std::uint64_t> m_request_counter{0};

    void add_listing(Listing listing);
    const std::vector<std::size_t>& listing_positions(const std::string& sku);

    mutable std::mutex m_mutex;
    std::string m_seller_id = "A2SANDBOXSELLER";
    std::vector<std::string> m_marketplaces;
    std::string m_client_id;
    std::string m_client_secret;
    std::vector<std::string> m_refresh_tokens;
    std::string m_application_id;             // scenario lwa.application_id; any when empty
    std::vector<std::string> m_redirect_uris; // scenario lwa.redirect_uris; any https when empty
    struct AuthCode {
        std::string redirect_uri;
        Millis expires = 0;
        bool used = false;
    };
    std::map<std::string, AuthCode> m_auth_codes;
    std::vector<std::string> m_revoked_refresh_tokens;
    std::vector<Listing> m_listings;
    // Positions in m_listings by SKU, so a 25,000-message feed against 60,000 listings does not
    // scan them all per message. add_listing keeps it; anything else that changes m_listings
    // clears m_listings_indexed and the next lookup rebuilds it.
    std::unordered_map<std::string, std::vector<std::size_t>> m_listings_by_sku;
    bool m_listings_indexed = false;
    std::vector<ReturnRecord> m_returns;
    std::vector<OrderRecord> m_orders;
    std::unordered_map<std::string, std::size_t> m_order_index;
    std::map<std::string, Millis> m_access_tokens; // token -> expiry
    std::map<std::string, Document> m_documents;
    std::vector<Job> m_feeds;
    std::vector<Job> m_reports;
    std::map<std::string, std::uint64_t> m_calls;
    std::map<std::string, std::uint64_t> m_throttled;
    std::uint64_t m_confirmations = 0;
    std::uint64_t m_id_counter = 0;
    Millis m_start_time = 0;
    boost::json::value m_scenario_doc;
    std::vector<StaticOperation> m_static_ops; // non-empty in static mode
};

} // namespace amzconn::sandbox
