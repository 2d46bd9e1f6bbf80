// The order-import engine of one store: walks Amazon's orders (searchOrders by lastUpdatedAfter,
// or getOrder by id), asks the pure rules what to do with each, and writes the outcome to the host
// in one transaction per order. The cursor moves only after every order up to it is committed or
// parked, and comes from Amazon's returned bound minus an overlap window: a kill at any point and
// a re-run end with every order exactly once (writes are idempotent on "<alias>:<order id>").
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/host_services.hpp"
#include "orders/map_result.hpp"
#include "orders/settings.hpp"
#include "spapi/client.hpp"
#include "spapi/order_types.hpp"
#include "store_registry.hpp"

#include <atomic>
#include <map>
#include <string>
#include <vector>

namespace amzconn::plugin {

// Re-read this much before Amazon's returned bound, so orders that became visible late (Amazon's
// 2-minute rule, replicas) are seen; duplicates are harmless because writes are idempotent.
inline constexpr int64_t k_order_overlap_ms = 5 * 60 * 1000;
inline constexpr int64_t k_import_lease_ms = 15 * 60 * 1000;

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

class OrderImport {
  public:
    OrderImport(HostServices& host, spapi::SpApiClient& client, const config::StoreConfig& store,
                const StoreStatus& status, const std::atomic<bool>& cancelled);

    // import_orders: incremental from the cursor.
    Result<std::string> import_orders();
    // import_missing_orders: "order_ids" (comma or space separated, any number, paced by the
    // rate limiter) or "from"/"to" (RFC 3339 or YYYY-MM-DD, by creation date).
    Result<std::string> import_missing(const std::map<std::string, std::string>& args);
    // retry_failed_orders: every open entry of the failed-order queue, fetched again by id.
    Result<std::string> retry_failed();
    // reconcile_orders: compares Amazon's orders with the host's over a window ("days", or
    // "from"/"to"), imports what is missing and reports what is still missing and why.
    Result<std::string> reconcile(const std::map<std::string, std::string>& args);

    const ImportCounts& counts() const { return m_counts; }

    // The includedData the store's rules need (fewer data, fewer restricted fields).
    static std::vector<std::string> included_data(const config::StoreConfig& store);

  private:
    // Maps one order and writes the outcome. An Error only when the host failed: stop there.
    Outcome apply(const spapi::orders::Order& order, std::string_view request_id);
    // log_reason: false when the rules already logged why.
    Outcome park(std::string_view order_id, const orders::ParkPlan& plan,
                 std::string_view request_id, bool log_reason = true);
    Outcome write_import(const spapi::orders::Order& order, const orders::ImportPlan& plan);
    Outcome write_update(const spapi::orders::Order& order, const orders::UpdatePlan& plan);
    Outcome resolve_failed(std::string_view order_id);
    Outcome import_ids(const std::vector<std::string>& ids);
    void log_notes(std::string_view order_id, const std::vector<orders::LogNote>& notes);

    // extra_counts are added to the report's counts; summary replaces the INFO summary line.
    Result<std::string> report(std::string_view job, std::string_view status,
                               std::vector<std::string> messages, int64_t retry_after_s = -1,
                               const std::map<std::string, int64_t>& extra_counts = {},
                               std::string summary = {});
    Result<std::string> fail(std::string_view job, const Error& error);

    HostServices& m_host;
    spapi::SpApiClient& m_client;
    const config::StoreConfig& m_store;
    orders::OrderSettings m_order_settings; // the order rules' view of m_store
    StoreStatus m_status;
    const std::atomic<bool>& m_cancelled;
    ImportCounts m_counts;
    AppliedOrder m_applied; // set by every apply() that succeeds
    int64_t m_started_ms = 0;
};

} // namespace amzconn::plugin
