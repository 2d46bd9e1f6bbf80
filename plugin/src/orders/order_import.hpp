// The order-import engine of one store: walks Amazon's orders (searchOrders by lastUpdatedAfter,
// or getOrder by id), asks the pure rules what to do with each, and writes the outcome to the host
// in one transaction per order. The cursor moves only after every order up to it is committed or
// parked, and comes from Amazon's returned bound minus an overlap window: a kill at any point and
// a re-run end with every order exactly once (writes are idempotent on "<alias>:<order id>").
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/host_services.hpp"
#include "engine/engine_context.hpp"
#include "engine/store_lease.hpp"
#include "engine/store_registry.hpp"
#include "orders/map_result.hpp"
#include "orders/settings.hpp"
#include "spapi/client.hpp"
#include "spapi/order_types.hpp"
#include "spapi/orders_api.hpp"

#include <atomic>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace amzconn::plugin {

// Re-read this much before Amazon's returned bound, so orders that became visible late (Amazon's
// 2-minute rule, replicas) are seen; duplicates are harmless because writes are idempotent.
inline constexpr int64_t k_order_overlap_ms = 5 * 60 * 1000;
// The import's lease: short, renewed at every page (engine/store_lease.hpp).
inline constexpr int64_t k_import_lease_ms = k_job_lease_ms;

struct ImportCounts {
    int64_t imported = 0;
    int64_t updated = 0;
    int64_t unchanged = 0;
    int64_t skipped = 0; // by a filter or a status not imported
    int64_t waiting = 0; // pending: no prices yet
    int64_t parked = 0;
    int64_t resolved = 0; // failed orders that imported this time
};

// What apply() did with one order, so a job can explain each order (reconcile_orders).
enum class Applied {
    imported,       // newly written to the host
    updated,        // was in the host; its status moved to Amazon's latest
    in_host,        // was in the host already (or in its consolidated day order), unchanged
    skipped_filter, // a filter of the store config leaves it out on purpose
    skipped_status, // its Amazon status is not one the channel imports
    waiting,        // pending at Amazon: imported once it carries prices
    parked,         // in the failed-order queue with a reason and a fix
};

struct AppliedOrder {
    Applied what = Applied::in_host;
    std::string why; // for the skipped, waiting and parked ones; never buyer data
};

// Where import_orders goes on from, in host state. When a long walk keeps failing before its last
// page (faults, throttling), the next walks read only slice_ms after the cursor
// (lastUpdatedBefore), so each can finish and move the cursor; 0: read up to Amazon's now.
struct OrderCursor {
    std::optional<time::Timestamp> last_updated_after;
    int64_t version = 0;
    int64_t slice_ms = 0;
    // Runs that ended with an order Amazon sent without a readable id inside the walk: the cursor
    // waits for it this many times (k_unreadable_runs), then moves past it with a report.
    int64_t unreadable_runs = 0;
};

// How many runs the cursor waits for an order without a readable id before it skips it.
inline constexpr int64_t k_unreadable_runs = 3;

// Forgets the store's order cursor, so the next import_orders walks again from where a first
// import starts (filters.start_date, else install time): status.on_open catch_up_from_install.
// Orders already in the host are recognised and not written twice.
Outcome restart_order_cursor(HostServices& host, std::string_view store);

class OrderImport {
  public:
    explicit OrderImport(EngineContext& context);

    // import_orders: incremental from the cursor.
    Result<JobReport> import_orders();
    // import_missing_orders: "order_ids" (comma or space separated, any number, paced by the
    // rate limiter) or "from"/"to" (RFC 3339 or YYYY-MM-DD, by creation date).
    Result<JobReport> import_missing(const JobArgs& args);
    // retry_failed_orders: every open entry of the failed-order queue, fetched again by id.
    Result<JobReport> retry_failed();

    // The steps every order job shares (reconcile_orders walks with them too).
    // Maps one order and writes the outcome. An Error only when the host failed: stop there.
    Outcome apply(const spapi::orders::Order& order, std::string_view request_id);
    // Parks an order Amazon sent in a shape amzconn cannot read.
    Outcome park_unreadable(std::string_view order_id, std::string_view reason,
                            std::string_view request_id);
    // What the last successful apply() or park did with its order.
    const AppliedOrder& applied() const { return m_applied; }
    // The job's report with the import counts; extra_counts are added to them; summary replaces
    // the INFO summary line.
    JobReport report(std::string_view job, std::string_view status,
                     std::vector<std::string> messages, int64_t retry_after_s = -1,
                     const std::map<std::string, int64_t>& extra_counts = {},
                     std::string summary = {});
    // The lease every order job of a store takes: a reconcile, a retry and an import never
    // write one store at once.
    Result<StoreLease> take_lease();

    const ImportCounts& counts() const { return m_counts; }
    // When the job started (the engine was made for it); the report's started_at.
    int64_t started_ms() const { return m_started_ms; }

    // The includedData the store's rules need (fewer data, fewer restricted fields).
    static std::vector<std::string> included_data(const config::StoreConfig& store);

  private:
    // log_reason: false when the rules already logged why.
    Outcome park(std::string_view order_id, const orders::ParkPlan& plan,
                 std::string_view request_id, bool log_reason = true);
    Outcome write_import(const spapi::orders::Order& order, const orders::ImportPlan& plan);
    Outcome write_update(const spapi::orders::Order& order, const orders::UpdatePlan& plan);
    Outcome import_ids(const std::vector<std::string>& ids);
    Outcome import_created(spapi::orders::SearchOrdersQuery query);
    void log_notes(std::string_view order_id, const std::vector<orders::LogNote>& notes);
    void count_skip(const spapi::orders::Order& order, const orders::MapResult& result);
    void mirror_cancellations(const spapi::orders::Order& order, const std::string& key);
    // One page of the incremental walk; false stops the walk (host_error says why, if not a
    // cancel).
    bool import_page(const spapi::orders::SearchOrdersPage& page, StoreLease& lease, size_t& seen,
                     std::optional<Error>& host_error);
    // The walk finished or stopped: moves the cursor when it completed.
    Result<JobReport> finish_walk(const spapi::orders::SearchOrdersQuery& query,
                                  const spapi::orders::WalkSummary& walk, const OrderCursor& cursor,
                                  bool sliced);
    // A walk that ended before its last page: the next one reads a shorter slice.
    void shrink_slice(const spapi::orders::SearchOrdersQuery& query, const OrderCursor& cursor,
                      bool sliced);
    Result<JobReport> walk_failed(const spapi::ApiError& failure);
    // A walk that completed but met orders without a readable id: waits for them, or skips them
    // after k_unreadable_runs runs. Returns the cursor value to save, or nullopt to keep it.
    std::optional<std::string> handle_unreadable(time::Timestamp after, const OrderCursor& cursor,
                                                 std::vector<std::string>& messages);
    Result<JobReport> fail(std::string_view job, const Error& error);

    HostServices& m_host;
    spapi::SpApiClient& m_client;
    const config::StoreConfig& m_store;
    orders::OrderSettings m_order_settings; // the order rules' view of m_store
    const StoreStatus& m_status;
    const std::atomic<bool>& m_cancelled;
    ImportCounts m_counts;
    AppliedOrder m_applied; // set by every apply() that succeeds
    // Orders of this walk without a readable id: "orders[i] of the page with request id X: why".
    std::vector<std::string> m_unreadable;
    int64_t m_started_ms = 0;
};

} // namespace amzconn::plugin
